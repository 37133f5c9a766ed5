package io.pipewright;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/pipewright}, the built jar's launcher (run by {@code mvn verify}, after {@code package} built the jar and
 * its class-data archive): it answers as the jar does, and its classes come from the archive.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("bin", "pipewright");

    @TempDir
    Path dir;

    record Result(int code, String out) {
    }

    private static Result run(Map.Entry<String, String> environment, String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<>(List.of(LAUNCHER.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        // the Java that built the archive, as a person's shell finds the one that built the jar
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (environment != null) {
            builder.environment().put(environment.getKey(), environment.getValue());
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), out);
    }

    @Test
    void startsTheJarWithItsClassDataArchive() throws Exception {
        assertThat(Path.of("target", "pipewright.jsa")).as("mvn package builds the archive").isRegularFile();
        Result version = run(Map.entry("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info"), "--version");
        assertThat(version.code()).as(version.out()).isZero();
        assertThat(version.out()).contains("pipewright " + io.pipewright.home.BuildInfo.load().version())
                .containsPattern("io\\.pipewright\\.Main source: shared objects file");
    }

    @Test
    void infoAnswersThroughTheLauncherAsThroughTheJar() throws Exception {
        Path home = dir.resolve("home");
        Result first = run(null, "--home", home.toString(), "info");
        assertThat(first.code()).as(first.out()).isZero();
        assertThat(first.out()).startsWith("pipewright ").contains("home       " + home, "store      " + home.resolve("store"), "recent     0 files")
                .doesNotContain("ERROR", "WARN");
        Result again = run(null, "--home=" + home, "info", "--json");
        assertThat(again.code()).as(again.out()).isZero();
        assertThat(again.out()).contains("\"home\" : \"" + home + "\"");
    }

    @Test
    void aMissingJarIsOneLineNamingIt() throws Exception {
        Path copy = Files.createDirectories(dir.resolve("checkout").resolve("bin")).resolve("pipewright");
        Files.copy(LAUNCHER, copy);
        var process = new ProcessBuilder(copy.toString(), "--version").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(out.strip()).isEqualTo("pipewright: " + dir.resolve("checkout").toRealPath().resolve("target/pipewright.jar")
                + " is missing: build it with mvn -B package -DskipTests");
    }
}
