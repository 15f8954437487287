package dev.edgevm.cli.demo;

/** One section of the runbook, done with the SDK. */
interface DemoStep {

    /** A few words for the summary, e.g. {@code stateless VM}. */
    String name();

    /** The runbook section it replaces. */
    String runbookSection();

    /** Does the step, telling what happens through {@code context.say}; returns the one-line result for the summary. */
    String run(DemoContext context) throws Exception;
}
