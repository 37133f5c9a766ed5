package io.pipewright;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.train.ModelArtifact;
import io.pipewright.train.ModelArtifactTest;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built server distribution, {@code target/pipewright-server.jar} (run by {@code mvn verify}, after
 * {@code package}): its size, what it leaves out, and its commands run from it as a container runs them.
 */
class ServerJarIT {
    private static final Path SERVER_JAR = Path.of("target", "pipewright-server.jar");
    private static final Path DESKTOP_JAR = Path.of("target", "pipewright.jar");
    private static final long LIMIT_BYTES = 60L * 1000 * 1000;
    /**
     * What the server jar leaves out on purpose (the window, JavaFX, the export validators, MLflow's SQLite, Prometheus' protobuf format;
     * change data capture's engine, which the ingest node refuses in words without; and Jackson's java.time module, which
     * Javalin looks for by name and does without).
     */
    private static final List<String> LEFT_OUT = List.of("javafx/", "com/sun/javafx/", "com/sun/glass/", "com/sun/prism/", "com/sun/scenario/",
            "io/pipewright/ui/", "atlantafx/", "org/controlsfx/", "impl/org/controlsfx/", "com/marcnuri/", "io/fabric8/", "tools/jackson/", "org/sqlite/",
            "io/prometheus/metrics/expositionformats/internal/", "io/prometheus/metrics/expositionformats/generated/", "io/prometheus/metrics/shaded/",
            "io/debezium/", "org/apache/kafka/connect/", "com/fasterxml/jackson/datatype/jsr310/");

    @TempDir
    Path dir;

    @Test
    void isUnder60MbWithoutJavaFxTheWindowOrHelm() throws IOException {
        assertThat(Files.size(SERVER_JAR)).as("the server jar's size in bytes").isLessThan(LIMIT_BYTES);
        try (var jar = new ZipFile(SERVER_JAR.toFile())) {
            var names = jar.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertThat(names).as("no JavaFX, window or Helm").noneMatch(name -> name.startsWith("javafx/") || name.startsWith("io/pipewright/ui/")
                    || name.endsWith("helm-linux-amd64.so"));
            assertThat(names).contains("io/pipewright/ServerMain.class", "lib/linux/x86_64/libxgboost4j.so");
        }
    }

    /**
     * The minimized libraries kept every class that a kept class names, in its code or in a string (a class loaded by
     * name), when the desktop jar has it: what shade's analysis of the code alone would miss fails here, not in a container.
     */
    @Test
    void everyClassTheServerJarNamesIsInIt() throws IOException {
        Set<String> server = classes(SERVER_JAR);
        Set<String> desktop = classes(DESKTOP_JAR);
        var missing = new TreeSet<String>();
        var token = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(?:[/.][A-Za-z_$][A-Za-z0-9_$]*)+");
        try (var jar = new ZipFile(SERVER_JAR.toFile())) {
            for (var entry : jar.stream().toList()) {
                if (!entry.getName().endsWith(".class") || entry.getName().startsWith("META-INF/")) {
                    continue;
                }
                for (String text : utf8Constants(jar.getInputStream(entry).readAllBytes())) {
                    var found = token.matcher(text);
                    while (found.find()) {
                        String name = found.group().replace('.', '/');
                        if (desktop.contains(name) && !server.contains(name) && LEFT_OUT.stream().noneMatch(name::startsWith)) {
                            missing.add(name + " (named by " + entry.getName() + ")");
                        }
                    }
                }
            }
        }
        assertThat(missing).as("classes named in the server jar and left out of it").isEmpty();
    }

    @Test
    void printsItsVersionAndInfo() throws Exception {
        var version = run(List.of("--version"));
        assertThat(version.exit()).isZero();
        assertThat(version.output()).startsWith("pipewright ");
        var info = run(List.of("--home", dir.resolve("home").toString(), "info"));
        assertThat(info.exit()).as(info.output()).isZero();
        var profile = run(List.of("profile", "data.csv"));
        assertThat(profile.exit()).as("a desktop command is not in the server jar").isEqualTo(2);
    }

    @Test
    void runsAPipelineAsAnExportedWorkflowsPodDoes() throws Exception {
        // the node catalogue loads every node type, the ingest node's included, whose capture engine this jar leaves out
        var ran = run(List.of("--home", dir.resolve("home").toString(), "run", Path.of("sample-data/pipelines/credit-risk.yaml").toAbsolutePath().toString()));
        assertThat(ran.exit()).as(ran.output()).isZero();
        assertThat(ran.output()).contains("finished");
    }

    @Test
    void servesAndScoresATrainedModel() throws Exception {
        Path artifact = trainedModel();
        Path input = dir.resolve("rows.csv");
        Files.writeString(input, "x,colour\n1.5,red\n-0.5,blue\n");
        var scored = run(List.of("--home", dir.resolve("home").toString(), "score", "--artifact", artifact.toString(), "--input", input.toString(),
                "--output", dir.resolve("scored.csv").toString()));
        assertThat(scored.exit()).as(scored.output()).isZero();
        assertThat(Files.readAllLines(dir.resolve("scored.csv"))).hasSize(3);

        Process process = new ProcessBuilder(java(), "-jar", SERVER_JAR.toString(), "--home", dir.resolve("home").toString(), "serve", "--artifact",
                artifact.toString(), "--host", "127.0.0.1", "--port", "0").redirectErrorStream(true).start();
        try {
            var output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            var bound = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+) ");
            int port = -1;
            var seen = new StringBuilder();
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                seen.append(line).append('\n');
                var found = bound.matcher(line);
                if (found.find()) {
                    port = Integer.parseInt(found.group(1));
                    break;
                }
            }
            CompletableFuture.runAsync(() -> output.lines().forEach(line -> { }));
            assertThat(port).as("the server said where it listens:\n" + seen).isPositive();
            var http = HttpClient.newHttpClient();
            var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models/credit:predict"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [{\"x\": 1.5, \"colour\": \"red\"}]}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"predictions\"");
            var metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("pipewright_requests_in_flight");
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private Path trainedModel() throws IOException {
        var model = Trainer.fit(ModelArtifactTest.table(300, 1), null, new Trainer.Request("label", "random_forest", Map.of(), null, List.of(), 5,
                null, List.of(), null), TrainingListener.NONE);
        Path artifact = dir.resolve("credit" + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "credit", Map.of(), "test", artifact);
        return artifact;
    }

    private record Ran(int exit, String output) {
    }

    private Ran run(List<String> args) throws Exception {
        var command = new ArrayList<>(List.of(java(), "-jar", SERVER_JAR.toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Ran(process.exitValue(), output);
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static Set<String> classes(Path jar) throws IOException {
        try (var zip = new ZipFile(jar.toFile())) {
            var names = new HashSet<String>();
            zip.stream().map(java.util.zip.ZipEntry::getName).filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/"))
                    .forEach(name -> names.add(name.substring(0, name.length() - ".class".length())));
            return names;
        }
    }

    /** The UTF-8 entries of a class file's constant pool: class names, descriptors and string literals. */
    static List<String> utf8Constants(byte[] classFile) throws IOException {
        var in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.skipBytes(8);
        int count = in.readUnsignedShort();
        var texts = new ArrayList<String>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> texts.add(in.readUTF());
                case 3, 4 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 15 -> in.skipBytes(3);
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return texts;
    }
}
