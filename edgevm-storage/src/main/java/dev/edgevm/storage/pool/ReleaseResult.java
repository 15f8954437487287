package dev.edgevm.storage.pool;

import java.util.List;
import java.util.Map;

/**
 * What a release did: the volumes wiped (their {@code disk.img} removed on the node) and deleted,
 * and those kept, with why (a claim still uses them).
 */
public record ReleaseResult(List<String> released, Map<String, String> kept) {

    public ReleaseResult {
        released = List.copyOf(released);
        kept = Map.copyOf(kept);
    }
}
