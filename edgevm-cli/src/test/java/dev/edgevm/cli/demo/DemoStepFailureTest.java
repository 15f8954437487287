package dev.edgevm.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.cli.output.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** A step that fails is reported, and the walk goes on to the summary, whatever the exception carries. */
class DemoStepFailureTest {

    @Test
    void anExceptionWithoutMessage_isNamedByItsType_inTheStepAndTheSummary() {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text, true);
        Table summary = Table.of("STEP", "RESULT", "TIME", "RUNBOOK SECTION", "WHAT HAPPENED");
        DemoStep failing = new DemoStep() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public String runbookSection() {
                return "nowhere";
            }

            @Override
            public String run(DemoContext context) {
                throw new IllegalStateException();
            }
        };

        boolean ok = DemoCommand.run(failing, new DemoContext(null, null, out, false), out, summary);
        summary.print(out);

        assertThat(ok).isFalse();
        assertThat(text.toString()).contains("    FAILED: java.lang.IllegalStateException")
                .containsPattern("failing\\s+FAILED\\s+\\S+\\s+nowhere\\s+java.lang.IllegalStateException");
    }
}
