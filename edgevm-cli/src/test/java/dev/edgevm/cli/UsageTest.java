package dev.edgevm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the command line says to mistakes in how it is called: exit code 2, one message, a hint, no stack trace. */
class UsageTest {

    @Test
    void noCommand_printsTheCommands() {
        Cli.Result r = Cli.run();

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Usage: edgevm", "deploy", "render", "doctor", "rbac", "console");
    }

    @Test
    void unknownCommand_isAUsageErrorWithSuggestions() {
        Cli.Result r = Cli.run("rendr");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error: Unmatched argument at index 0: 'rendr'").contains("Did you mean: edgevm render");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void groupWithoutItsSubcommand_isAUsageError() {
        Cli.Result r = Cli.run("render");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required subcommand").contains("Try 'edgevm render --help'");
    }

    @Test
    void missingRequiredOption_isNamed() {
        Cli.Result r = Cli.run("wait", "cirros");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--for=STATE'");
    }

    @Test
    void badEnumValue_listsTheValidOnes() {
        Cli.Result r = Cli.run("wait", "cirros", "--for", "sleeping");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--for").contains("RUNNING, STOPPED, PAUSED, DELETED");
    }

    @Test
    void badDuration_saysWhatADurationLooksLike() {
        Cli.Result r = Cli.run("stop", "cirros", "--grace-period", "soon");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'soon' is not a duration; write e.g. 90s, 5m or 1h30m");
    }

    @Test
    void outputFormatACommandDoesNotPrint_isAUsageError() {
        Cli.Result r = Cli.run("render", "vm", "--name", "x", "-o", "table");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'edgevm render vm' prints yaml or json, not table");
    }

    @Test
    void embeddedWithAKubeconfig_isAUsageError() {
        Cli.Result r = Cli.run("list", "--embedded", "--kubeconfig", "/tmp/kubeconfig");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--embedded cannot be combined with --kubeconfig or --context");
    }

    @Test
    void badRoleName_isAUsageError() {
        Cli.Result r = Cli.run("rbac", "--name", "Edge VM");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--name: 'Edge VM' is not a valid role name");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void verbose_setsTheLogLevelsForItsCommandOnly() {
        String before = System.getProperty("org.slf4j.simpleLogger.log.dev.edgevm");

        Cli.Result r = Cli.run("-v", "rbac");

        assertThat(r.exitCode()).isZero();
        assertThat(System.getProperty("org.slf4j.simpleLogger.log.dev.edgevm")).isEqualTo(before);
        assertThat(System.getProperty("org.slf4j.simpleLogger.defaultLogLevel")).isNull();
    }

    @Test
    void version_isPrinted() {
        Cli.Result r = Cli.run("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("edgevm ");
    }

    @Test
    void embedded_startsAClusterForTheOneCommand() {
        Cli.Result r = Cli.run("list", "--embedded");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).isEqualTo("No VMs in namespace default.\n");
    }
}
