package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs that used to hang: a pipe in place of a file, and a header of one name repeated thirty thousand times. */
class HangingInputCommandTest {
    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.in(dir.resolve("home"), args);
    }

    @Test
    void profilingAPipeIsRefusedInOneLineInsteadOfWaitingForever() throws Exception {
        Path pipe = dir.resolve("credit.csv");
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        // as <(zcat credit.csv.gz) gives it: a pipe with a writer behind it
        Process writer = new ProcessBuilder("sh", "-c", "printf 'a,b\\n1,2\\n' > " + pipe).start();
        try {
            CliRun result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run("profile", pipe.toString()));
            assertThat(result.code()).isEqualTo(2);
            assertThat(result.errLines()).containsExactly("pipewright: " + pipe + ": not a regular file (a pipe or a device): a dataset is "
                    + "read more than once, so save it to a file first (a .gz file is read as it is)");
            // a file whose name says nothing is sniffed first: refused the same way
            Path unnamed = dir.resolve("data");
            assertThat(new ProcessBuilder("mkfifo", unnamed.toString()).start().waitFor()).isZero();
            CliRun sniffed = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run("profile", unnamed.toString()));
            assertThat(sniffed.code()).isEqualTo(2);
            assertThat(sniffed.errLines()).singleElement().asString().startsWith("pipewright: " + unnamed + ": not a regular file");
        } finally {
            writer.destroy();
        }
    }

    @Test
    void aHeaderOfThirtyThousandRepeatsOfOneNameIsProfiledWithUniqueNames() throws Exception {
        int count = 30_000;
        Path wide = Files.writeString(dir.resolve("wide.csv"), String.join(",", Collections.nCopies(count, "a")) + "\n"
                + String.join(",", Collections.nCopies(count, "1")) + "\n" + String.join(",", Collections.nCopies(count, "2")) + "\n");
        Path json = dir.resolve("wide.json");

        CliRun result = assertTimeoutPreemptively(Duration.ofMinutes(3), () -> run("profile", wide.toString(), "--json", json.toString()));

        assertThat(result.code()).as(result.err()).isZero();
        JsonNode columns = new ObjectMapper().readTree(json.toFile()).get("columns");
        assertThat(columns).hasSize(count);
        var names = new HashSet<String>();
        columns.forEach(column -> names.add(column.get("name").asText()));
        assertThat(names).hasSize(count).contains("a", "a_2", "a_" + count);
    }
}
