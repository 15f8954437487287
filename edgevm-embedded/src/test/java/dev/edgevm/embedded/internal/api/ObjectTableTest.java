package dev.edgevm.embedded.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.internal.catalog.CoreTypes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Controllers look objects up by label without the store's lock, while the API server writes
 * them: an object that exists is always found, however often it is written meanwhile.
 */
class ObjectTableTest {

  private static final String CREATED_BY = "kubevirt.io/created-by";

  @Test
  void anObjectWrittenOverAndOver_isFoundByItsLabelThroughout() throws Exception {
    ObjectTable table = new ObjectTable();
    table.indexLabel(CoreTypes.PODS, CREATED_BY);
    table.put(pod("virt-launcher-a", "vmi-uid", 1));
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong misses = new AtomicLong();
    AtomicLong lookups = new AtomicLong();

    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
      while (writing.get()) {
        lookups.incrementAndGet();
        if (table.byLabel(CoreTypes.PODS, "default", CREATED_BY, "vmi-uid").isEmpty()) {
          misses.incrementAndGet();
        }
      }
    });
    for (long rv = 2; rv < 200_000 && (rv < 1_000 || lookups.get() < 10_000); rv++) {
      table.put(pod("virt-launcher-a", "vmi-uid", rv));
    }
    writing.set(false);
    reader.get(30, TimeUnit.SECONDS);

    assertThat(lookups.get()).as("lookups while the pod was written").isPositive();
    assertThat(misses.get()).as("lookups that missed the pod").isZero();
  }

  @Test
  void anObjectWhoseLabelChanges_isFoundUnderTheNewValueOnly() {
    ObjectTable table = new ObjectTable();
    table.indexLabel(CoreTypes.PODS, CREATED_BY);
    table.put(pod("virt-launcher-a", "first", 1));

    table.put(pod("virt-launcher-a", "second", 2));

    assertThat(table.byLabel(CoreTypes.PODS, "default", CREATED_BY, "first")).isEmpty();
    assertThat(table.byLabel(CoreTypes.PODS, "default", CREATED_BY, "second")).singleElement()
        .satisfies(o -> assertThat(o.resourceVersion()).isEqualTo(2));
    table.remove(CoreTypes.PODS, ObjectKey.of(CoreTypes.PODS, "default", "virt-launcher-a"));
    assertThat(table.byLabel(CoreTypes.PODS, "default", CREATED_BY, "second")).isEmpty();
  }

  private static StoredObject pod(String name, String createdBy, long rv) {
    String json = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name
        + "\",\"namespace\":\"default\",\"resourceVersion\":\"" + rv + "\",\"labels\":{\"" + CREATED_BY + "\":\""
        + createdBy + "\"}}}";
    return new StoredObject(CoreTypes.PODS, ObjectKey.of(CoreTypes.PODS, "default", name), json, rv);
  }
}
