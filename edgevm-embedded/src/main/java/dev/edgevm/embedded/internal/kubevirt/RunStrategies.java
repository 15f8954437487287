package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.json.Json;
import tools.jackson.databind.JsonNode;

/** A VM's run strategy as {@code VirtualMachine.RunStrategy()} reads it, with the deprecated {@code running}. */
final class RunStrategies {

  static final String ALWAYS = "Always";
  static final String HALTED = "Halted";
  static final String MANUAL = "Manual";
  static final String RERUN_ON_FAILURE = "RerunOnFailure";
  static final String ONCE = "Once";

  private RunStrategies() {
  }

  /**
   * The run strategy: spec.running true is Always, false (or neither set) is Halted.
   *
   * @throws IllegalStateException when both running and runStrategy are set
   */
  static String of(JsonNode vm) {
    JsonNode running = Json.at(vm, "spec", "running");
    String runStrategy = Json.text(vm, "spec", "runStrategy");
    boolean hasRunning = running != null && !running.isMissingNode() && !running.isNull();
    if (hasRunning && runStrategy != null) {
      throw new IllegalStateException("running and runstrategy are mutually exclusive");
    }
    if (hasRunning) {
      return running.asBoolean(false) ? ALWAYS : HALTED;
    }
    return runStrategy != null ? runStrategy : HALTED;
  }

  /** Whether the VM uses the deprecated spec.running instead of spec.runStrategy. */
  static boolean usesRunning(JsonNode vm) {
    JsonNode running = Json.at(vm, "spec", "running");
    return running != null && !running.isMissingNode() && !running.isNull();
  }
}
