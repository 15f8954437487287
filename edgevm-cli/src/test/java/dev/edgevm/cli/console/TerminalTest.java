package dev.edgevm.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The test JVM's output is a pipe to the build: not a terminal, so no progress bar. (On JDK 22 and
 * later {@code System.console()} is not null here; only {@code Console.isTerminal()} tells.)
 */
class TerminalTest {

    @Test
    void aPipedOutput_isNotATerminal() {
        assertThat(Terminal.attached()).as("System.console() is " + System.console()).isFalse();
    }

    @Test
    void noConsole_isNotATerminal() {
        assertThat(Terminal.attached(null)).isFalse();
    }
}
