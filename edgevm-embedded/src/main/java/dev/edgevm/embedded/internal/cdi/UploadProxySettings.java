package dev.edgevm.embedded.internal.cdi;

import java.time.Duration;

/** Settings of the upload proxy given on the cluster builder. */
public record UploadProxySettings(Duration readyWait) {
}
