package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.track.StoreHolder;
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
    }
}
