package io.pipewright.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

public class ModelArtifactTest {
    @TempDir
    Path dir;

    /** x (numeric, sometimes missing) and colour decide the label (seeded); the serving tests train on it too. */
    public static Table table(int rows, long seed) {
        var random = new Random(seed);
        var x = DoubleColumn.create("x");
        var colour = StringColumn.create("colour");
        var label = StringColumn.create("label");
        for (int i = 0; i < rows; i++) {
            double value = random.nextGaussian();
            String c = random.nextBoolean() ? "red" : "blue";
            x.append(i % 17 == 0 ? Double.NaN : value);
            colour.append(c);
            label.append(value + (c.equals("red") ? 0.5 : -0.5) > 0 ? "yes" : "no");
        }
        return Table.create("t", x, colour, label);
    }

    private TrainedModel fit(String algorithm) {
        return Trainer.fit(table(300, 1), null, new Trainer.Request("label", algorithm, Map.of(), null, List.of(), 5, "abc", List.of(), null),
                TrainingListener.NONE);
    }

    @Test
    void aModelReadBackPredictsExactlyAsBefore() {
        for (String algorithm : List.of("random_forest", "gradient_boosting", "logistic_regression", "xgboost", "mlp", "knn", "naive_bayes",
                "linear_svm")) {
            TrainedModel model = fit(algorithm);
            Path file = dir.resolve(algorithm + ModelArtifact.EXTENSION);
            ModelArtifact.write(model, "m", Map.of("accuracy", 0.9), "test", file);
            ModelArtifact.Loaded loaded = ModelArtifact.read(file);
            Table fresh = table(50, 9);
            fresh.stringColumn("colour").set(0, "green"); // unseen in training
            assertThat(loaded.model().probabilities(fresh)).as(algorithm).isDeepEqualTo(model.probabilities(fresh));
            assertThat(loaded.manifest().labels()).containsExactly("no", "yes");
            assertThat(loaded.manifest().inputs()).extracting(ModelArtifact.Input::name).containsExactly("x", "colour");
            assertThat(loaded.manifest().trainingData().sha256()).isEqualTo("abc");
        }
    }

    @Test
    void aChangedPayloadIsRefusedBeforeAnythingIsLoaded() throws IOException {
        Path file = dir.resolve("m.pwmodel");
        ModelArtifact.write(fit("random_forest"), "m", Map.of(), "test", file);
        Path tampered = dir.resolve("tampered.pwmodel");
        rewrite(file, tampered, "payload.bin", bytes -> {
            bytes[bytes.length - 1] ^= 1;
            return bytes;
        });
        assertThat(catchThrowable(() -> ModelArtifact.read(tampered)))
                .hasMessage("tampered.pwmodel: the model payload does not match its SHA-256 in the manifest (the file was changed or damaged); "
                        + "it was not loaded");
    }

    @Test
    void aPayloadWithAClassOutsideTheAllowListIsRefused() throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(new java.util.concurrent.atomic.AtomicLong(7)); // harmless, but not a model's class
        }
        assertThat(catchThrowable(() -> SmileAlgorithms.deserialize(bytes.toByteArray())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the model payload holds a java.util.concurrent.atomic.AtomicLong, which a model may not contain; it was not loaded");
    }

    @Test
    void aModelThatLooksUpFeaturesIsFormatTwoAndANewerFormatIsRefusedSayingSo() throws IOException {
        Path plain = dir.resolve("plain.pwmodel");
        assertThat(ModelArtifact.write(fit("random_forest"), "plain", Map.of(), "test", plain).formatVersion()).as("read by every Pipewright").isEqualTo(1);
        var lookup = new Step.Lookup(List.of(new Step.Lookup.View("customer_stats", List.of("customer_id"), "event_time", List.of("x", "colour"))));
        var byKey = Trainer.fit(table(300, 1), null, new Trainer.Request("label", "random_forest", Map.of(), null, List.of(), 5, "abc", List.of(lookup),
                null), TrainingListener.NONE);
        Path file = dir.resolve("by-key.pwmodel");
        assertThat(ModelArtifact.write(byKey, "by-key", Map.of(), "test", file).formatVersion()).isEqualTo(2);
        assertThat(ModelArtifact.read(file).manifest().steps()).contains(lookup);

        Path newer = dir.resolve("newer.pwmodel");
        rewrite(file, newer, "manifest.json", bytes -> new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"formatVersion\" : 2", "\"formatVersion\" : 3").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(catchThrowable(() -> ModelArtifact.read(newer))).hasMessage("newer.pwmodel: model format pipewright-model version 3 is not one this "
                + "Pipewright reads (up to 2): it was written by a newer Pipewright");
    }

    @Test
    void aFileThatIsNotAModelSaysSo() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.pwmodel"), "not a zip");
        assertThat(catchThrowable(() -> ModelArtifact.read(junk))).hasMessageStartingWith("junk.pwmodel: not a Pipewright model file");
        assertThat(catchThrowable(() -> ModelArtifact.read(dir.resolve("absent.pwmodel")))).hasMessageEndingWith("absent.pwmodel: no such file");
    }

    @Test
    void trainingRefusesATargetWithOneClassAndAMissingTarget() {
        Table one = table(50, 2);
        one.replaceColumn("label", StringColumn.create("label", java.util.Collections.nCopies(50, "yes")));
        assertThat(catchThrowable(() -> Trainer.fit(one, null, new Trainer.Request("label", "random_forest", Map.of(), null, List.of(), 1, null,
                List.of(), null), TrainingListener.NONE))).hasMessageContaining("has only one class ('yes')");
        assertThat(catchThrowable(() -> Trainer.fit(one, null, new Trainer.Request("lable", "random_forest", Map.of(), null, List.of(), 1, null,
                List.of(), null), TrainingListener.NONE))).hasMessageContaining("target 'lable' is not a column");
    }

    @Test
    void anAllMissingFeatureDoesNotStopTraining() {
        Table data = table(200, 4);
        var empty = DoubleColumn.create("x");
        for (int i = 0; i < 200; i++) {
            empty.appendMissing();
        }
        data.replaceColumn("x", empty);
        TrainedModel model = Trainer.fit(data, null, new Trainer.Request("label", "xgboost", Map.of("num_round", 5), null, List.of(), 1, null,
                List.of(), null), TrainingListener.NONE);
        assertThat(model.probabilities(data)).hasNumberOfRows(200);
    }

    private static void rewrite(Path from, Path to, String entryName, java.util.function.UnaryOperator<byte[]> change) throws IOException {
        try (var in = new ZipInputStream(Files.newInputStream(from)); var out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(entry.getName().equals(entryName) ? change.apply(bytes) : bytes);
                out.closeEntry();
            }
        }
    }
}
