package dev.edgevm.sriov.internal;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.api.model.PodList;
import java.util.List;

/**
 * The pods that hold a node's devices: those not finished. Listed with field selectors, so the API
 * server sends only those (of one node, when one node is asked about), not every pod of the cluster.
 */
final class NodePods {

    private NodePods() {}

    /** The unfinished pods of every node, in one list. */
    static List<Pod> all(ClusterAccess cluster) {
        return cluster.call("list", ObjectRef.clusterScoped("Pod", null),
                () -> unfinished(cluster.client().pods().inAnyNamespace()).list().getItems());
    }

    /** The unfinished pods placed on {@code node}. */
    static List<Pod> on(ClusterAccess cluster, String node) {
        return cluster.call("list", ObjectRef.clusterScoped("Pod", null),
                () -> unfinished(cluster.client().pods().inAnyNamespace().withField("spec.nodeName", node)).list().getItems());
    }

    private static FilterWatchListDeletable<Pod, PodList, PodResource> unfinished(FilterWatchListDeletable<Pod, PodList, PodResource> pods) {
        return pods.withoutField("status.phase", "Succeeded").withoutField("status.phase", "Failed");
    }
}
