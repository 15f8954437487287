package dev.edgevm.core;

/** Receives {@link Progress} of a long operation. Called on the operation's thread; keep it quick. */
@FunctionalInterface
public interface ProgressListener {

    void onProgress(Progress progress);

    /** A listener that ignores everything. */
    static ProgressListener none() {
        return p -> { };
    }
}
