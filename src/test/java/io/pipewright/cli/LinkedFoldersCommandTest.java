package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders read as trees (an MLflow export, a request log) never follow a link out of themselves: one line, exit 2, nothing read or written. */
class LinkedFoldersCommandTest {
    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.in(dir.resolve("home"), args);
    }

    @Test
    void anMlflowImportRefusesAParamFileLinkedOutOfTheFolder() throws IOException {
        Path run = Files.createDirectories(dir.resolve("mlruns/1/r1/params"));
        Files.writeString(dir.resolve("mlruns/1/meta.yaml"), "name: imported\n");
        Files.writeString(dir.resolve("mlruns/1/r1/meta.yaml"), "run_id: r1\nstart_time: 1000\nstatus: 3\n");
        Files.writeString(run.resolve("n"), "3");
        Path secret = Files.writeString(dir.resolve("secret.txt"), "a file outside the folder");
        Files.createSymbolicLink(run.resolve("copied"), secret);

        CliRun result = run("runs", "import-mlflow", dir.resolve("mlruns").toString());

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("pipewright: " + run.resolve("copied") + ": a link to " + secret.toRealPath()
                + ", outside the folder " + dir.resolve("mlruns") + "; links out of the folder being read are not followed");
        assertThat(new ObjectMapper().readTree(run("runs", "list", "--json").out())).as("nothing imported").isEmpty();
        // without the link, the same folder imports
        Files.delete(run.resolve("copied"));
        CliRun imported = run("runs", "import-mlflow", dir.resolve("mlruns").toString());
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out()).startsWith("1 run(s) imported into imported");
    }

    @Test
    void aRequestLogFolderRefusesALogFileLinkedOutOfIt() throws IOException {
        Path reference = Files.writeString(dir.resolve("ref.csv"), "amount\n1\n2\n3\n");
        Path served = Files.createDirectories(dir.resolve("served"));
        Path outside = Files.writeString(dir.resolve("elsewhere.jsonl"), "{\"_time\": \"2026-01-01T00:00:00Z\", \"amount\": 1}\n");
        Files.createSymbolicLink(served.resolve("requests.jsonl"), outside);

        CliRun result = run("drift", reference.toString(), served.toString());

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("pipewright: " + served.resolve("requests.jsonl") + ": a link to " + outside.toRealPath()
                + ", outside the folder " + served + "; links out of the folder being read are not followed");
    }
}
