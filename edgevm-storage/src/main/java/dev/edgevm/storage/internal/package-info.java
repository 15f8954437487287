/**
 * The wiring of the storage capability and of stateful deploys: planning an upload (class, image,
 * node) without writes, provisioning it with every step undoable, the standalone upload's rollback,
 * and purging a deleted VM's storage. Not API.
 */
package dev.edgevm.storage.internal;
