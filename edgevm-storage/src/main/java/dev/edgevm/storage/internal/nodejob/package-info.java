/** Jobs pinned to a node that work on its directories (wipes, disk copies), and how their progress is judged. Not API. */
package dev.edgevm.storage.internal.nodejob;
