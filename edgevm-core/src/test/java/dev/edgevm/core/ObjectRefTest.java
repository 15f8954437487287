package dev.edgevm.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How objects are named in messages: as kubectl users read them, with no dangling separators. */
class ObjectRefTest {

    @Test
    void namespacedObject_readsNamespaceSlashName() {
        assertThat(ObjectRef.of("VirtualMachine", "default", "centos-vm")).hasToString("VirtualMachine default/centos-vm");
    }

    @Test
    void clusterScopedObject_readsJustItsName() {
        assertThat(ObjectRef.clusterScoped("PersistentVolume", "node01-vol0")).hasToString("PersistentVolume node01-vol0");
    }

    @Test
    void aListInANamespace_namesTheNamespace_withoutATrailingSlash() {
        assertThat(ObjectRef.of("VirtualMachine", "edge", null)).hasToString("VirtualMachine in namespace edge");
    }

    @Test
    void aClusterScopedList_isJustTheKind() {
        assertThat(ObjectRef.clusterScoped("Node", null)).hasToString("Node");
    }
}
