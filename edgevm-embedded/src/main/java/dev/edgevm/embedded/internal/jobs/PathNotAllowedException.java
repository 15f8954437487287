package dev.edgevm.embedded.internal.jobs;

/**
 * A container argument that would reach files outside the container's own directory and its
 * volumes: the container fails with this message instead of running.
 */
final class PathNotAllowedException extends Exception {

  private static final long serialVersionUID = 1L;

  PathNotAllowedException(String message) {
    super(message);
  }
}
