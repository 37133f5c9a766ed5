package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.track.StoreHolder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    record Result(int code, String out, String err) {
    }

    private static Result run(Map<String, String> environment, String... args) {
        CliRun run = CliRun.entry(environment, args);
        return new Result(run.code(), run.out(), run.err());
    }

    private static Result run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void versionPrintsNameAndVersion() {
        Result result = run("--version");
        assertThat(result.code()).isZero();
        assertThat(result.out().strip()).matches("pipewright \\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void helpListsCommandsAndOptions() {
        Result result = run("--help");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("--home", "--version", "open", "info", "Exit codes");
    }

    @Test
    void unknownOptionExitsTwoWithOneLine() {
        Result result = run("--bogus");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().strip()).isEqualTo("pipewright: Unknown option: '--bogus' (see 'pipewright --help')");
        assertThat(result.err().strip().lines()).hasSize(1);
    }

    @Test
    void unknownCommandExitsTwo(@TempDir Path home) {
        Result result = run("--home", home.toString(), "frobnicate");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(result.err()).contains("frobnicate");
    }

    @Test
    void infoCreatesAndDescribesTheHome(@TempDir Path home) throws Exception {
        Result result = run("--home", home.toString(), "info", "--json");
        assertThat(result.code()).as(result.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("home").asText()).isEqualTo(home.toString());
        assertThat(json.at("/store/schemaVersion").asText()).isEqualTo(String.valueOf(io.pipewright.track.Store.SCHEMA_VERSION));
        assertThat(json.at("/store/sizeBytes").asLong()).isPositive();
        assertThat(json.get("recentFiles").isArray()).isTrue();
        assertThat(home.resolve("store")).isDirectory();
        assertThat(home.resolve("artifacts")).isDirectory();
        assertThat(home.resolve("logs")).isDirectory();
    }

    @Test
    void infoAnswersTheSameWithOrWithoutTheParser(@TempDir Path home) {
        run("--home", home.toString(), "info");
        // the plain forms are answered without building the parser; an option after the command goes through it
        for (boolean json : new boolean[] {false, true}) {
            String[] plain = json ? new String[] {"--home", home.toString(), "info", "--json"} : new String[] {"--home=" + home, "info"};
            String[] parsed = json ? new String[] {"info", "--json", "--home", home.toString()} : new String[] {"info", "--home", home.toString()};
            Result direct = run(plain);
            Result throughTheParser = run(parsed);
            assertThat(direct.code()).as(direct.err()).isZero();
            assertThat(direct.out()).isEqualTo(throughTheParser.out()).contains(home.toString());
            assertThat(direct.err()).isEqualTo(throughTheParser.err());
        }
        // a mistake after the command is the parser's to report
        Result mistake = run("--home", home.toString(), "info", "--jsn");
        assertThat(mistake.code()).isEqualTo(2);
        assertThat(mistake.err().strip()).startsWith("pipewright: Unknown option: '--jsn'");
        Result help = run("--home", home.toString(), "info", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: pipewright info");
    }

    @Test
    void homeComesFromTheEnvironmentWhenNoOptionIsGiven(@TempDir Path home) {
        Result result = run(Map.of("PIPEWRIGHT_HOME", home.toString()), "info");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("home       " + home);
    }

    @Test
    void aStoreInUseByAnotherProcessFailsWithOneLine(@TempDir Path home) throws Exception {
        Process holder = StoreHolder.start(home.resolve("store"));
        try {
            Result result = run("--home", home.toString(), "info");
            assertThat(result.code()).isEqualTo(1);
            assertThat(result.out()).isEmpty();
            assertThat(result.err().strip().lines()).hasSize(1);
            assertThat(result.err()).startsWith("pipewright: the store " + home.resolve("store")
                    + " is in use by another Pipewright (process " + holder.pid());
        } finally {
            StoreHolder.stop(holder);
        }
    }

    @Test
    void noArgumentsOrOnlyFilesMeanTheDesktop(@TempDir Path folder) throws Exception {
        Path dataset = Files.writeString(folder.resolve("a.csv"), "x\n1\n");
        Set<String> commands = Set.of("open", "info");
        assertThat(Cli.withDefaultCommand(new String[0], commands)).containsExactly("open");
        assertThat(Cli.withDefaultCommand(new String[] {dataset.toString()}, commands)).containsExactly("open", dataset.toString());
        assertThat(Cli.withDefaultCommand(new String[] {"--home", "/h", dataset.toString()}, commands))
                .containsExactly("--home", "/h", "open", dataset.toString());
        assertThat(Cli.withDefaultCommand(new String[] {"--home=/h"}, commands)).containsExactly("--home=/h", "open");
        assertThat(Cli.withDefaultCommand(new String[] {"info"}, commands)).containsExactly("info");
        assertThat(Cli.withDefaultCommand(new String[] {"--version"}, commands)).containsExactly("--version");
        assertThat(Cli.withDefaultCommand(new String[] {"no-such-file.csv"}, commands)).containsExactly("no-such-file.csv");
        assertThat(Cli.withDefaultCommand(new String[] {"--store", "jdbc:h2:mem:x"}, commands)).containsExactly("--store", "jdbc:h2:mem:x", "open");
    }

    @Test
    void aProcessBuildsOnlyTheCommandItRunsYetEveryCommandAnswers() {
        assertThat(Cli.requested(new String[] {"--home", "/h", "--store=jdbc:h2:mem:x", "--verbose", "runs", "list"})).isEqualTo("runs");
        assertThat(Cli.requested(new String[] {"--help"})).isNull();
        assertThat(Cli.requested(new String[] {"no-such-command"})).isNull();
        assertThat(Cli.commandLine(new PipewrightCommand(Map.of()), "runs").getSubcommands()).containsOnlyKeys("runs");
        // an unknown command is answered by the whole command line, which names it
        var err = new StringWriter();
        assertThat(Cli.execute(new String[] {"no-such-command"}, new PrintWriter(new StringWriter()), new PrintWriter(err), Map.of())).isEqualTo(Cli.BAD_INPUT);
        assertThat(err.toString()).contains("'no-such-command'");
        // inherited options and help reach a command added on its own
        var out = new StringWriter();
        assertThat(Cli.execute(new String[] {"runs", "list", "--help"}, new PrintWriter(out), new PrintWriter(new StringWriter()), Map.of())).isZero();
        assertThat(out.toString()).contains("Usage: pipewright runs list").contains("--home=DIR").contains("--store=URL");
        var version = new StringWriter();
        assertThat(Cli.execute(new String[] {"--version"}, new PrintWriter(version), new PrintWriter(new StringWriter()), Map.of())).isZero();
        assertThat(version.toString()).startsWith("pipewright ");
        assertThat(Cli.fullCommandLine(Map.of()).getSubcommands().keySet()).hasSize(PipewrightCommand.COMMANDS.size()).startsWith("open", "info");
    }

    @Test
    void eachCommandIsNamedAsItsClassNamesItself() throws ClassNotFoundException {
        for (var entry : PipewrightCommand.COMMANDS.entrySet()) {
            var command = Class.forName(entry.getValue()).getAnnotation(picocli.CommandLine.Command.class);
            assertThat(command).as(entry.getValue()).isNotNull();
            assertThat(command.name()).as(entry.getValue()).isEqualTo(entry.getKey());
        }
    }

    @Test
    void aRestrictedCommandLineRunsItsCommandsAndRefusesTheOthersInOneLine() {
        var names = java.util.List.of("info", "serve");
        var out = new StringWriter();
        assertThat(Cli.execute(new String[] {"serve", "--help"}, new PrintWriter(out), new PrintWriter(new StringWriter()), Map.of(), names)).isZero();
        assertThat(out.toString()).contains("Usage: pipewright serve");
        var err = new StringWriter();
        assertThat(Cli.execute(new String[] {"profile", "x.csv"}, new PrintWriter(new StringWriter()), new PrintWriter(err), Map.of(), names))
                .isEqualTo(Cli.BAD_INPUT);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("'profile'");
        var missing = new StringWriter();
        assertThat(Cli.execute(new String[] {}, new PrintWriter(new StringWriter()), new PrintWriter(missing), Map.of(), names)).isEqualTo(Cli.BAD_INPUT);
        assertThat(missing.toString()).contains("missing command");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Cli.execute(new String[] {}, java.util.List.of("nope"))))
                .hasMessageContaining("nope");
    }

    /**
     * {@code pipewright --version} is answered before the command line is built: a process that prints it loads
     * no picocli model and no command class (the start-up figure in the README depends on it).
     */
    @Test
    void theVersionIsPrintedWithoutBuildingTheCommandLine() throws Exception {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        var process = new ProcessBuilder(javaCommand, "-Xlog:class+load", "-cp", System.getProperty("java.class.path"), "io.pipewright.Main", "--version")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        assertThat(output.lines().filter(line -> line.startsWith("pipewright "))).hasSize(1);
        assertThat(output).doesNotContain("picocli.CommandLine$Model").doesNotContain("io.pipewright.cli.InfoCommand")
                .doesNotContain("tech.tablesaw").doesNotContain("ch.qos.logback");
    }

    @Test
    void aProfileOfACsvFileStartsNoTablesawAndIsStillRecorded(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // Tablesaw's start is a tenth of a second a profile does not need: it reads records, not tables
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        var out = dir.resolve("profile.json");
        var process = new ProcessBuilder(javaCommand, "-Xlog:class+load", "-cp", System.getProperty("java.class.path"), "io.pipewright.Main",
                "--home", dir.resolve("home").toString(), "profile", java.nio.file.Path.of("sample-data/credit/credit.csv").toAbsolutePath().toString(),
                "--json", out.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output.lines().filter(line -> !line.startsWith("[")).toList().toString()).isZero();
        assertThat(output).doesNotContain("tech.tablesaw");
        assertThat(java.nio.file.Files.readString(out)).contains("\"rows\" : 1000").contains("credit.csv");
        // the store recorded the version while the report was written
        var listed = new java.io.StringWriter();
        assertThat(Cli.execute(new String[] {"--home", dir.resolve("home").toString(), "datasets", "list"}, new java.io.PrintWriter(listed),
                new java.io.PrintWriter(new java.io.StringWriter()), java.util.Map.of())).isZero();
        assertThat(listed.toString()).contains("credit.csv");
    }
}
