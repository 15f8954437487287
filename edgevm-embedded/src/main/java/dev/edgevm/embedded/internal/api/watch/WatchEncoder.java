package dev.edgevm.embedded.internal.api.watch;

import dev.edgevm.embedded.internal.api.StoredObject;

/** Writes the events of one watch as the client asked for them (the version it named, a Table). */
public interface WatchEncoder {

  /** The JSON of an ADDED, MODIFIED or DELETED event of the object. */
  String event(String type, StoredObject object);

  /** The JSON of a BOOKMARK event: the watch has seen every change up to the resourceVersion. */
  String bookmark(long resourceVersion);
}
