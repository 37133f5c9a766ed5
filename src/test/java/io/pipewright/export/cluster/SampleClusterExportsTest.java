package io.pipewright.export.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.loop.MonitorDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exported Argo files shipped in {@code sample-data/cluster/<pipeline>/} are exactly what
 * {@code pipewright export-pipeline sample-data/pipelines/<pipeline>.yaml --target argo --options
 * sample-data/cluster/options.yaml [--monitor …]} writes today (every sample monitor retraining the
 * pipeline included; no store, so every task gets the floor). After a change to the export, rewrite
 * them with {@code mvn test -Dtest=SampleClusterExportsTest -Dpipewright.rewriteSamples=true} and
 * review the difference.
 */
class SampleClusterExportsTest {
    static final Path SAMPLES = Path.of("sample-data");
    static final Path CLUSTER = SAMPLES.resolve("cluster");

    static Stream<Path> pipelines() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES.resolve("pipelines"))) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    /** The sample monitors that retrain this pipeline. */
    static List<Path> monitorsOf(Path pipeline) throws IOException {
        var monitors = new ArrayList<Path>();
        try (Stream<Path> files = Files.list(SAMPLES.resolve("monitors"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                MonitorDefinition definition = MonitorDefinition.read(file);
                if (definition.retrain() != null && Files.isSameFile(file.getParent().resolve(definition.retrain().pipeline()), pipeline)) {
                    monitors.add(file);
                }
            }
        }
        return monitors;
    }

    @ParameterizedTest
    @MethodSource("pipelines")
    void theShippedExportIsWhatTheExportWritesTodayByteForByte(Path pipeline) throws IOException {
        ClusterPlan plan = ClusterPlanner.plan(ClusterPlannerTest.load(pipeline), pipeline, ClusterOptions.read(CLUSTER.resolve("options.yaml")),
                NodeMeasurements.NONE, monitorsOf(pipeline));
        List<ManifestFile> files = ArgoWriter.files(plan);
        Path folder = CLUSTER.resolve(pipeline.getFileName().toString().replaceFirst("\\.yaml$", ""));
        if (Boolean.getBoolean("pipewright.rewriteSamples")) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> old = Files.list(folder)) {
                    for (Path file : old.toList()) {
                        Files.delete(file);
                    }
                }
            }
            ManifestFile.write(files, folder);
        }
        var expected = new TreeSet<String>();
        for (ManifestFile file : files) {
            expected.add(file.name());
            Path shipped = folder.resolve(file.name());
            assertThat(shipped).as("%s is missing: rewrite the samples (see this test's comment)", shipped).exists();
            assertThat(Files.readString(shipped)).as("%s differs from what the export writes today: rewrite the samples (see this test's comment)",
                    shipped).isEqualTo(file.text());
        }
        try (Stream<Path> shipped = Files.list(folder)) {
            assertThat(shipped.map(path -> path.getFileName().toString()).sorted().toList()).as("the files in %s", folder)
                    .containsExactlyElementsOf(expected);
        }
    }
}
