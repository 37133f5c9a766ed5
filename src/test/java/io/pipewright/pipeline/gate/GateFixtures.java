package io.pipewright.pipeline.gate;

import io.pipewright.track.ModelRegistry;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainedModel;
import io.pipewright.train.TrainingListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Loan-like rows where about 80 % are "repaid": a model of the signal beats the majority class, a model of noise cannot.
 * The labels are words a CSV reader keeps as text (yes/no would be read back as booleans).
 */
public final class GateFixtures {
    private GateFixtures() {
    }

    /** x carries the label (with some noise), noise carries nothing; label "default" in about 20 % of rows. */
    public static Table rows(int count, long seed) {
        var random = new Random(seed);
        var x = DoubleColumn.create("x");
        var noise = DoubleColumn.create("noise");
        var label = StringColumn.create("label");
        for (int i = 0; i < count; i++) {
            double value = random.nextGaussian();
            x.append(value);
            noise.append(random.nextGaussian());
            label.append(value + 0.4 * random.nextGaussian() > 0.85 ? "default" : "repaid");
        }
        return Table.create("loans", x, noise, label);
    }

    /** A logistic regression of the label on the given feature columns only. */
    public static TrainedModel model(List<String> features, long seed) {
        Table train = rows(600, seed);
        var exclude = train.columnNames().stream().filter(name -> !name.equals("label") && !features.contains(name)).toList();
        return Trainer.fit(train, null, new Trainer.Request("label", "logistic_regression", Map.of(), null, exclude, seed, "fixture", List.of(),
                null), TrainingListener.NONE);
    }

    /** Registers the model as the next version of "loans" (no alias), its file in {@code folder}. */
    public static int register(ModelRegistry registry, Path folder, TrainedModel model) {
        int next = registry.nextVersion("loans");
        Path file = folder.resolve("v" + next + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "loans", Map.of(), "test", file);
        return registry.register("loans", "run-" + next, file.toString(), "a".repeat(64), "{}", null).version();
    }

    /**
     * Registers the model as the next version of {@code name} (its file in {@code folder}) with what its pipeline's
     * register node keeps beside it: the raw rows it was evaluated on and its gate settings.
     */
    public static int registerKept(ModelRegistry registry, Path folder, String name, TrainedModel model, Table holdout, GateSettings gates) {
        int next = registry.nextVersion(name);
        Path file = folder.resolve(name + "-v" + next + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, name, Map.of(), "test", file);
        StoredHoldout.write(file, Holdout.raw(holdout, "the " + holdout.rowCount() + " rows evaluate node 'eval' scored"), gates);
        return registry.register(name, "run-" + next, file.toString(), "a".repeat(64), "{\"accuracy\": 0.9}", null).version();
    }
}
