package dev.edgevm.benchmarks.pool;

import dev.edgevm.benchmarks.Args;
import dev.edgevm.benchmarks.Machine;
import dev.edgevm.benchmarks.Measurement;
import dev.edgevm.benchmarks.RequestTally;
import dev.edgevm.benchmarks.Stats;
import dev.edgevm.core.Quantity;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.NodeFullException;
import dev.edgevm.storage.pool.PoolConfig;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.VolumeOwner;
import dev.edgevm.storage.pool.VolumeRequest;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * Allocators racing for the same node-local volumes: each allocator has a client of its own (as
 * separate processes would) and fills the nodes in the same order, so they collide on every
 * node. The API server's uniqueness decides who gets a volume. The reference is plain fabric8
 * {@code create} of the same PersistentVolume objects, from as many threads, each thread with its
 * own share of the names: what filling the pool would cost if nobody had to find a free volume.
 * Both run on fresh clusters, alternating which goes first, and the requests of both are counted
 * at the server while only they talk to it.
 *
 * <p>Arguments: {@code [--nodes 50] [--volumes 64] [--allocators 8] [--rounds 3]}.
 */
public final class PoolContentionBench {

    private PoolContentionBench() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int nodes = args.integer("--nodes", 50);
        int perNode = args.integer("--volumes", 64);
        int allocators = args.integer("--allocators", 8);
        int rounds = args.integer("--rounds", 3);
        String benchmark = String.format(Locale.ROOT, "PV pool: %d allocators, %d nodes x %d volumes", allocators, nodes, perNode);
        System.out.println(benchmark + ": " + rounds + " rounds after a warm-up on 2 nodes");
        reference(allocate(2, perNode, allocators).volumes(), allocators);

        int expected = nodes * perNode;
        List<Allocation> sdk = new ArrayList<>();
        List<Creation> references = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Allocation a;
            Creation c;
            if (round % 2 == 1) {
                a = allocate(nodes, perNode, allocators);
                c = reference(a.volumes(), allocators);
            } else {
                // the reference needs the volumes to copy: the previous round's are the same objects, named alike
                c = reference(sdk.get(sdk.size() - 1).volumes(), allocators);
                a = allocate(nodes, perNode, allocators);
            }
            sdk.add(a);
            references.add(c);
            System.out.printf(Locale.ROOT, "  round %d edgevm   %d allocations in %.2f s, %d requests %s; duplicates %s; %d volumes in the cluster%n",
                    round, a.allocations(), a.seconds(), a.tally().total(), a.tally().byKind(), a.duplicates(), a.volumes().size());
            System.out.printf(Locale.ROOT, "  round %d fabric8  %d creates in %.2f s, %d requests%n", round, c.volumes(), c.seconds(),
                    c.tally().total());
        }
        List<Double> sdkRates = sdk.stream().map(a -> a.allocations() / a.seconds()).toList();
        List<Double> referenceRates = references.stream().map(c -> c.volumes() / c.seconds()).toList();
        List<Double> rateRatios = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            rateRatios.add(sdkRates.get(i) / referenceRates.get(i));
        }
        new Measurement(benchmark, "allocations per second, median (min to max) of " + rounds + " rounds; ratio: edgevm / fabric8"
                + " create of the same PVs, per round", Stats.medianAndSpread("%.1f", sdkRates),
                Stats.medianAndSpread("%.1f", referenceRates) + " (fabric8 create)", Stats.medianAndSpread("%.3f", rateRatios),
                "-", "-").emit();
        Allocation last = sdk.get(sdk.size() - 1);
        Creation lastReference = references.get(references.size() - 1);
        List<Double> perAllocation = sdk.stream().map(a -> a.tally().total() / (double) a.allocations()).toList();
        List<Double> perCreate = references.stream().map(c -> c.tally().total() / (double) c.volumes()).toList();
        new Measurement(benchmark, "requests per allocation, all counted at the server, median (min to max) of " + rounds
                + " rounds; last round: " + last.tally().byKindPer(last.allocations()),
                Stats.medianAndSpread("%.2f", perAllocation),
                Stats.medianAndSpread("%.2f", perCreate) + " (fabric8 create: " + lastReference.tally().byKindPer(lastReference.volumes())
                        + ")", Measurement.fmt("%.2f", Stats.median(perAllocation) / Stats.median(perCreate)), "-", "-").emit();
        long fullLists = last.tally().count(r -> "persistentvolumes".equals(r.resource()) && "GET".equals(r.method()) && r.name() == null
                && !r.watch());
        Measurement.info(benchmark, "lists of every PersistentVolume, last round: an allocation that finds a node full in the"
                        + " informer's copy reads the server before saying so, at least once per allocator and node (here "
                        + allocators * nodes + ")",
                fullLists + " (" + Measurement.fmt("%.2f", fullLists / (double) last.allocations()) + " per allocation)", "-").emit();
        int duplicates = sdk.stream().mapToInt(a -> a.duplicates().total()).sum();
        boolean allAllocated = sdk.stream().allMatch(a -> a.allocations() == expected && a.volumes().size() == expected);
        Measurement.absolute(benchmark, "duplicates over " + rounds + " rounds (volumes handed out twice, node directories used twice,"
                        + " claims pre-bound twice); volumes allocated / expected per round",
                duplicates + " " + sdk.stream().map(Allocation::duplicates).toList() + "; "
                        + sdk.stream().map(a -> a.allocations() + "/" + expected).toList(),
                "-", "0; all", duplicates == 0 && allAllocated).emit();
        System.out.println(benchmark + ": load " + Machine.loadAverages());
    }

    /** What the allocators did, on their cluster. */
    private record Allocation(int allocations, double seconds, RequestTally tally, Duplicates duplicates, List<PersistentVolume> volumes) {}

    /** What the reference did: how many volumes it created, how long it took, and its requests. */
    private record Creation(int volumes, double seconds, RequestTally tally) {}

    /** The ways two VMs could end up on one volume; each must be zero. */
    record Duplicates(int namesHandedOutTwice, int placesUsedTwice, int claimsBoundTwice) {
        int total() {
            return namesHandedOutTwice + placesUsedTwice + claimsBoundTwice;
        }

        @Override
        public String toString() {
            return "{names " + namesHandedOutTwice + ", directories " + placesUsedTwice + ", claims " + claimsBoundTwice + "}";
        }
    }

    private static Allocation allocate(int nodes, int perNode, int allocators) throws Exception {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(nodes).seed(11).start()) {
            List<String> nodeNames = cluster.nodeNames();
            List<EdgeVm> clients = new ArrayList<>();
            for (int i = 0; i < allocators; i++) {
                clients.add(EdgeVm.using(cluster.newClient()));
            }
            List<String> handedOut = Collections.synchronizedList(new ArrayList<>());
            cluster.requests().reset();
            double seconds = secondsOnThreads(allocators, i -> fill(EdgeStorage.of(clients.get(i))
                    .configure(c -> c.pool(PoolConfig.builder().maxVolumesPerNode(perNode).build())), i, nodeNames, handedOut));
            RequestTally tally = new RequestTally(cluster.requests().list());
            List<PersistentVolume> volumes = cluster.client().persistentVolumes().list().getItems();
            clients.forEach(c -> {
                c.kubernetesClient().close();
                c.close();
            });
            return new Allocation(handedOut.size(), seconds, tally, duplicates(handedOut, volumes), volumes);
        }
    }

    /** Allocates on each node in turn until it is full. */
    private static void fill(EdgeStorage storage, int allocator, List<String> nodes, List<String> handedOut) {
        int n = 0;
        for (String node : nodes) {
            while (true) {
                String owner = String.format(Locale.ROOT, "a%d-vm%05d", allocator, n++);
                try {
                    PoolVolume v = storage.pool().allocate(VolumeRequest.builder().node(node).owner(VolumeOwner.of("default", owner))
                            .size(Quantity.parse("10Gi")).claim(ClaimRef.of("default", owner + "-rootdisk")).build());
                    handedOut.add(v.name());
                } catch (NodeFullException full) {
                    break;
                }
            }
        }
    }

    /**
     * Volumes handed out twice, volumes of the same node sharing a directory, and claims two
     * volumes are pre-bound to: any of them would put two VMs' disks in one place.
     */
    private static Duplicates duplicates(List<String> handedOut, List<PersistentVolume> volumes) {
        int twice = handedOut.size() - new HashSet<>(handedOut).size();
        Map<String, Integer> byPlace = new HashMap<>();
        Map<String, Integer> byClaim = new HashMap<>();
        for (PersistentVolume pv : volumes) {
            String path = pv.getSpec().getLocal() != null ? pv.getSpec().getLocal().getPath()
                    : pv.getSpec().getHostPath() != null ? pv.getSpec().getHostPath().getPath() : pv.getMetadata().getName();
            byPlace.merge(nodeOf(pv) + ":" + path, 1, Integer::sum);
            if (pv.getSpec().getClaimRef() != null) {
                byClaim.merge(pv.getSpec().getClaimRef().getNamespace() + "/" + pv.getSpec().getClaimRef().getName(), 1, Integer::sum);
            }
        }
        return new Duplicates(twice, byPlace.values().stream().mapToInt(c -> c - 1).sum(),
                byClaim.values().stream().mapToInt(c -> c - 1).sum());
    }

    private static String nodeOf(PersistentVolume pv) {
        try {
            return String.join(",", pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms().get(0)
                    .getMatchExpressions().get(0).getValues());
        } catch (NullPointerException | IndexOutOfBoundsException none) {
            return "?";
        }
    }

    /** Creates copies of {@code volumes} on a fresh cluster from {@code threads} threads, each with its own share. */
    private static Creation reference(List<PersistentVolume> volumes, int threads) throws Exception {
        int nodes = (int) volumes.stream().map(PoolContentionBench::nodeOf).distinct().count();
        List<PersistentVolume> fresh = volumes.stream().map(pv -> new PersistentVolumeBuilder()
                .withNewMetadata().withName(pv.getMetadata().getName()).withLabels(pv.getMetadata().getLabels())
                .withAnnotations(pv.getMetadata().getAnnotations()).endMetadata()
                .withSpec(pv.getSpec()).build()).collect(Collectors.toList());
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(nodes).seed(11).start()) {
            List<KubernetesClient> clients = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                clients.add(cluster.newClient());
            }
            cluster.requests().reset();
            double seconds = secondsOnThreads(threads, i -> {
                for (int j = i; j < fresh.size(); j += threads) {
                    clients.get(i).persistentVolumes().resource(fresh.get(j)).create();
                }
            });
            RequestTally tally = new RequestTally(cluster.requests().list());
            clients.forEach(KubernetesClient::close);
            return new Creation(fresh.size(), seconds, tally);
        }
    }

    /** Runs {@code work} for 0..threads-1, each on a thread of its own, all at once; the seconds until the last ended. */
    private static double secondsOnThreads(int threads, IntConsumer work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                done.add(pool.submit(() -> work.accept(index)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }
}
