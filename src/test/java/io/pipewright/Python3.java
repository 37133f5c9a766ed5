package io.pipewright;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs python3 in a folder, for the tests that check exported Python files (Airflow DAGs, Feast repositories). */
public final class Python3 {
    private Python3() {
    }

    /** Its exit status and its output (stdout and stderr together). */
    public record Result(int exit, String output) {
    }

    /** Runs python3; fails (never skips) when it is missing, since the exported files cannot be checked without it. */
    public static Result run(Path folder, String... args) throws Exception {
        var command = new ArrayList<String>();
        command.add("python3");
        command.addAll(List.of(args));
        Path output = Files.createTempFile(folder, "python", ".out");
        Process process;
        try {
            var builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
            Map<String, String> environment = builder.environment();
            environment.put("PYTHONIOENCODING", "utf-8");
            environment.put("PYTHONDONTWRITEBYTECODE", "1");
            process = builder.start();
        } catch (IOException e) {
            return fail("python3 is needed to check exported Python files (py_compile, and their definitions) but could not be started ("
                    + e.getMessage() + "): install it (Debian: apt-get install python3)");
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return fail("python3 " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
