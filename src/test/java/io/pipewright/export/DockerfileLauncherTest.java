package io.pipewright.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle's image has a {@code pipewright} command, as an exported pipeline's tasks expect
 * ({@code command: [pipewright]}): the launcher written into the Dockerfile, run with {@code sh}
 * against a stand-in {@code java} that prints what it was given.
 */
class DockerfileLauncherTest {
    private static final String JAR = "/opt/pipewright/pipewright-server.jar";
    /** What the exported Argo and Airflow tasks set. */
    private static final String TASK_JAVA_TOOL_OPTIONS = "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError";

    @TempDir
    Path dir;
    private String dockerfile;
    private Path launcher;

    @BeforeEach
    void writeLauncherAndStubJava() throws IOException {
        dockerfile = Exporter.draft(ExportFixtures.classifier(), BundleOptions.defaults(), null).bundle().content("Dockerfile");
        launcher = dir.resolve("pipewright");
        Files.writeString(launcher, launcherText(dockerfile));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        // one argument a line, then the exit status the test asks for
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\nexit ${STUB_EXIT:-0}\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The text between {@code <<'LAUNCHER'} and the line {@code LAUNCHER}, as BuildKit writes it to the file. */
    static String launcherText(String dockerfile) {
        var lines = dockerfile.lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("COPY ") && lines.get(i).endsWith(" /usr/local/bin/pipewright")) {
                start = i;
            }
        }
        assertThat(start).as("a COPY to /usr/local/bin/pipewright").isNotNegative();
        assertThat(lines.get(start)).contains("<<'LAUNCHER'");
        int end = lines.subList(start, lines.size()).indexOf("LAUNCHER") + start;
        assertThat(end).as("the heredoc's end").isGreaterThan(start);
        return String.join("\n", lines.subList(start + 1, end)) + "\n";
    }

    private record Ran(int exit, List<String> javaArgs) {
    }

    private Ran run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<>(List.of("sh", launcher.toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Ran(process.exitValue(), output.lines().toList());
    }

    @Test
    void theImageHasARootOwnedPipewrightCommandAndStillServesByDefault() {
        var lines = dockerfile.lines().toList();
        String copy = lines.stream().filter(line -> line.endsWith(" /usr/local/bin/pipewright")).findFirst().orElseThrow();
        assertThat(copy).startsWith("COPY --chown=0:0 --chmod=0755 ");
        assertThat(launcherText(dockerfile)).startsWith("#!/bin/sh\n").contains("exec java ", "-jar " + JAR + " \"$@\"");
        // the launcher is in place before the runtime user takes over; the default command is still the server
        assertThat(lines.indexOf(copy)).isLessThan(lines.indexOf("USER 10001:10001"));
        assertThat(dockerfile).contains("ENTRYPOINT [\"java\", \"-XX:MaxRAMPercentage=75\", \"-XX:+ExitOnOutOfMemoryError\", \"-jar\", \"" + JAR
                + "\", \\\n            \"serve\", \"--artifact\"");
        assertThat(BundleValidator.dockerfileProblems(dockerfile, ExportFixtures.classifier().sha256())).isEmpty();
    }

    @Test
    void withoutJavaToolOptionsItRunsTheJarWithTheServersMemoryFlagsAndTheArgumentsAsGiven() throws Exception {
        Ran ran = run(Map.of(), "run", "/pipeline/credit risk.yaml", "--node", "train", "--workspace", "/workspace/{{workflow.name}}", "");
        assertThat(ran.exit()).isZero();
        assertThat(ran.javaArgs()).containsExactly("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", JAR,
                "run", "/pipeline/credit risk.yaml", "--node", "train", "--workspace", "/workspace/{{workflow.name}}", "");
    }

    @Test
    void theExportedTasksJavaToolOptionsAreNotRepeated() throws Exception {
        Ran ran = run(Map.of("JAVA_TOOL_OPTIONS", TASK_JAVA_TOOL_OPTIONS), "run", "/pipeline/p.yaml", "--node", "read");
        assertThat(ran.javaArgs()).containsExactly("-jar", JAR, "run", "/pipeline/p.yaml", "--node", "read");
    }

    @Test
    void aMemoryShareChosenInJavaToolOptionsIsNotOverridden() throws Exception {
        Ran ran = run(Map.of("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=50"), "--version");
        assertThat(ran.javaArgs()).containsExactly("-XX:+ExitOnOutOfMemoryError", "-jar", JAR, "--version");
    }

    @Test
    void theCommandsExitStatusIsTheJvms() throws Exception {
        assertThat(run(Map.of("STUB_EXIT", "2"), "run", "missing.yaml").exit()).as("bad input is not retried by the workflow").isEqualTo(2);
    }

    @Test
    void aDockerfileWithoutTheCommandIsRefused() {
        String withoutLauncher = dockerfile.replace(" /usr/local/bin/pipewright\n", " /usr/local/bin/something-else\n");
        assertThat(BundleValidator.dockerfileProblems(withoutLauncher, ExportFixtures.classifier().sha256()))
                .containsExactly("no root-owned /usr/local/bin/pipewright for the tasks of an exported pipeline");
    }
}
