package dev.edgevm.embedded.internal.gc;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.api.ObjectKey;
import dev.edgevm.embedded.internal.api.ResourceType;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.ClusterComponent;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The garbage collector: when an object goes, its dependents (objects whose ownerReferences name
 * its uid) are deleted once none of their owners exists any more, as with background cascading
 * deletion.
 */
public final class GarbageCollector implements ClusterComponent {

  private final Map<String, ObjectKey> byUid = new ConcurrentHashMap<>();
  private final Map<String, Set<ObjectKey>> dependentsByOwner = new ConcurrentHashMap<>();

  @Override
  public void start(ClusterContext context) {
    ClusterApi api = context.api();
    ControllerLoop<ObjectKey> loop = context.controller("garbage-collector", key -> collect(api, key));
    context.store().subscribeAll(event -> track(event, loop));
  }

  private void track(ObjectEvent event, ControllerLoop<ObjectKey> loop) {
    JsonNode object = event.latest().view();
    String uid = Json.uid(object);
    if (event.type() == ObjectEvent.Type.DELETED) {
      if (uid != null) {
        byUid.remove(uid);
        Set<ObjectKey> dependents = dependentsByOwner.remove(uid);
        if (dependents != null) {
          dependents.forEach(loop::enqueue);
        }
      }
      forgetOwners(event.before().view(), event.key());
      return;
    }
    if (uid != null) {
      byUid.put(uid, event.key());
    }
    if (event.before() != null) {
      forgetOwners(event.before().view(), event.key());
    }
    for (JsonNode owner : Json.items(object, "metadata", "ownerReferences")) {
      String ownerUid = Json.text(owner, "uid");
      if (ownerUid != null) {
        dependentsByOwner.computeIfAbsent(ownerUid, u -> ConcurrentHashMap.newKeySet()).add(event.key());
        if (!byUid.containsKey(ownerUid)) {
          loop.enqueue(event.key());
        }
      }
    }
  }

  private void forgetOwners(JsonNode object, ObjectKey key) {
    for (JsonNode owner : Json.items(object, "metadata", "ownerReferences")) {
      Set<ObjectKey> dependents = dependentsByOwner.get(Json.text(owner, "uid"));
      if (dependents != null) {
        dependents.remove(key);
      }
    }
  }

  private void collect(ClusterApi api, ObjectKey key) {
    ResourceType type = api.catalog().require(key.group(), key.plural());
    api.get(type, key.namespace(), key.name()).ifPresent(object -> {
      var owners = Json.items(object, "metadata", "ownerReferences");
      boolean orphaned = !owners.isEmpty()
          && owners.stream().noneMatch(owner -> byUid.containsKey(Json.textOr(owner, "", "uid")));
      if (orphaned && !Json.deleting(object)) {
        api.delete(type, key.namespace(), key.name());
      }
    });
  }
}
