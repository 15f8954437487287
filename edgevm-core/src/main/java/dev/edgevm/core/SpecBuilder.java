package dev.edgevm.core;

/**
 * Anything that builds a spec. Builders of nested specs implement it, so an enclosing builder can
 * take them unbuilt ({@code .rootDisk(UploadedDisk.of(path).size("15Gi"))}) and report their
 * violations together with its own.
 */
@FunctionalInterface
public interface SpecBuilder<T> {

    /** Builds the spec, throwing {@link InvalidSpecException} listing every violation. */
    T build();
}
