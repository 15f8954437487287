package dev.edgevm.benchmarks;

import dev.edgevm.embedded.ClusterRequest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The requests an embedded cluster's API server received, sorted into what they cost: writes,
 * reads of one object, lists, watches, and the rest (discovery, {@code /version}: requests that
 * name no resource), each per resource as the server saw them. The cluster's own controllers are
 * not counted. The server does not record which client sent a request: a tally is one client's
 * when only that client was talking during the phase it covers, or when {@link #of} picks its
 * requests out by what they ask for.
 */
public final class RequestTally {

    private final List<ClusterRequest> requests;

    public RequestTally(List<ClusterRequest> requests) {
        this.requests = List.copyOf(requests);
    }

    /** The requests that match, e.g. one client's, told apart by the paths only it uses. */
    public RequestTally of(Predicate<ClusterRequest> matching) {
        return new RequestTally(requests.stream().filter(matching).toList());
    }

    public List<ClusterRequest> requestList() {
        return requests;
    }

    /** Every request, discovery included. */
    public long total() {
        return requests.size();
    }

    public long writes() {
        return count(ClusterRequest::isWrite);
    }

    /** GETs of one named object. */
    public long gets() {
        return count(r -> isRead(r) && !r.watch() && r.name() != null);
    }

    /** GETs of a collection, not watching. */
    public long lists() {
        return count(r -> isRead(r) && !r.watch() && r.name() == null && r.resource() != null);
    }

    public long watches() {
        return count(ClusterRequest::watch);
    }

    /** Requests that name no resource: API discovery, {@code /version}. */
    public long others() {
        return count(r -> r.resource() == null);
    }

    public long count(Predicate<ClusterRequest> matching) {
        return requests.stream().filter(matching).count();
    }

    /** e.g. {@code {virtualmachines: "1 list, 1 watch", ...}}: lists and watches per resource. */
    public Map<String, String> listsAndWatchesByResource() {
        return listAndWatchCounts().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue()[0] + " list, " + e.getValue()[1] + " watch", (a, b) -> a, TreeMap::new));
    }

    /** The most lists or watches any one resource got. */
    public long maxListsOrWatchesPerResource() {
        return listAndWatchCounts().values().stream().mapToLong(c -> Math.max(c[0], c[1])).max().orElse(0);
    }

    /** Per resource: {lists, watches}. */
    private Map<String, long[]> listAndWatchCounts() {
        Map<String, long[]> counts = new TreeMap<>();
        for (ClusterRequest r : requests) {
            if (isRead(r) && r.name() == null && r.resource() != null) {
                counts.computeIfAbsent(r.resource(), k -> new long[2])[r.watch() ? 1 : 0]++;
            }
        }
        return counts;
    }

    /** Writes per resource and method, e.g. {@code {POST secrets=1000, POST virtualmachines=1000}}. */
    public Map<String, Long> writesByResource() {
        return requests.stream().filter(ClusterRequest::isWrite)
                .collect(Collectors.groupingBy(r -> r.method() + " " + r.resource(), TreeMap::new, Collectors.counting()));
    }

    /**
     * Every request by what it is, e.g. {@code {GET list persistentvolumes=416, POST persistentvolumes=7330,
     * GET /version=1}}; requests without a resource by their path.
     */
    public Map<String, Long> byKind() {
        return requests.stream().collect(Collectors.groupingBy(RequestTally::kind, TreeMap::new, Collectors.counting()));
    }

    /** {@link #byKind} with each count divided by {@code per}, e.g. per allocation. */
    public String byKindPer(double per) {
        return byKind().entrySet().stream().map(e -> e.getKey() + " " + Measurement.fmt("%.2f", e.getValue() / per))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String kind(ClusterRequest r) {
        if (r.resource() == null) {
            return r.method() + " " + r.path();
        }
        String what = r.watch() ? " watch " : isRead(r) && r.name() == null ? " list " : " ";
        return r.method() + what + r.resource() + (r.subresource() == null ? "" : "/" + r.subresource());
    }

    private static boolean isRead(ClusterRequest r) {
        return "GET".equalsIgnoreCase(r.method());
    }
}
