/** How nodes are named by their hostname label, which node-local volumes and pinned pods use. Not API. */
package dev.edgevm.storage.internal.nodes;
