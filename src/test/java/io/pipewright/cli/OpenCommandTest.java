package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `pipewright open FILE...` through the real entry point, as its own process (the window runs until it
 * is closed): headless under Monocle, the window starts on the home given and profiles the files given.
 */
class OpenCommandTest {
    @TempDir
    Path dir;

    @Test
    void theWindowOpensTheGivenFilesAndSaysWhichCannotBeRead() throws Exception {
        Path missing = dir.resolve("nope.csv");
        Path credit = Path.of("sample-data/credit/credit.csv").toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw",
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), "io.pipewright.Main",
                "--home", dir.resolve("home").toString(), "open", missing.toString(), credit.toString()).redirectErrorStream(true).start();
        try {
            List<String> lines = new CopyOnWriteArrayList<>();
            var output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture.runAsync(() -> output.lines().forEach(lines::add));
            // a warning, in the format of the logging configuration on the class path
            java.util.function.Predicate<String> told = line -> line.contains("WARN") && line.contains("Profiling nope.csv failed: ")
                    && line.endsWith(missing + ": no such file");
            Await.until("the window to say it cannot read nope.csv", Duration.ofSeconds(90),
                    () -> lines.stream().anyMatch(told) || !process.isAlive());
            assertThat(lines).as("what the window said on stderr").anyMatch(told);
            assertThat(process.isAlive()).as("the window stays open").isTrue();
            // the store opens after the window's first frame, beside what the window does next
            Await.until("the window to open the home's store", Duration.ofSeconds(60),
                    () -> Files.exists(dir.resolve("home/store/pipewright.mv.db")) || !process.isAlive());
            assertThat(dir.resolve("home/store/pipewright.mv.db")).as("the window opened the home's store").exists();
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    @Test
    void withoutArgumentsTheWindowStartsOnTheHomeWithoutBuildingTheCommandLineParser() throws Exception {
        Path home = dir.resolve("home");
        Path classes = dir.resolve("classes.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw",
                "-Djava.awt.headless=true", "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"), "io.pipewright.Main",
                "--home", home.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            // the window opens the store once its first frame is shown
            Await.until("the window to open the home's store", Duration.ofSeconds(90),
                    () -> Files.exists(home.resolve("store/pipewright.mv.db")) || !process.isAlive());
            assertThat(home.resolve("store/pipewright.mv.db")).as("the window opened the home's store").exists();
            assertThat(process.isAlive()).as("the window stays open").isTrue();
            // picocli's model of the commands is what a window started with no arguments does without
            assertThat(Files.readString(classes)).contains("io.pipewright.ui.shell.PipewrightApp").doesNotContain("picocli.CommandLine$Model$CommandSpec");
        } finally {
            process.destroyForcibly().waitFor();
        }
    }
}
