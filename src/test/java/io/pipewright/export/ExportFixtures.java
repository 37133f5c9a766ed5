package io.pipewright.export;

import io.pipewright.train.ModelArtifact;
import io.pipewright.train.ModelArtifactTest;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A small trained classifier and regressor as artifacts (seeded), measured once for every export test. */
public final class ExportFixtures {
    private static Path folder;
    private static ModelFacts classifier;
    private static ModelFacts regressor;
    private static ModelFacts featuresModel;

    private ExportFixtures() {
    }

    public static synchronized Path folder() {
        if (folder == null) {
            try {
                folder = Files.createTempDirectory("pipewright-export-test");
                folder.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return folder;
    }

    /** A random forest classifying label from x and colour, as credit_scoring.pwmodel. */
    public static synchronized Path classifierArtifact() {
        Path file = folder().resolve("credit_scoring" + ModelArtifact.EXTENSION);
        if (!Files.exists(file)) {
            var model = Trainer.fit(ModelArtifactTest.table(300, 1), null, new Trainer.Request("label", "random_forest", Map.of(), null, List.of(), 5,
                    "abc", List.of(), null), TrainingListener.NONE);
            ModelArtifact.write(model, "credit_scoring", Map.of(), "test", file);
        }
        return file;
    }

    public static synchronized ModelFacts classifier() {
        if (classifier == null) {
            classifier = ModelFacts.measure(classifierArtifact(), "credit_scoring", "3", null);
        }
        return classifier;
    }

    /** A regression of x on colour (a model without class labels). */
    public static synchronized Path regressorArtifact() {
        Path file = folder().resolve("x-regression" + ModelArtifact.EXTENSION);
        if (!Files.exists(file)) {
            var table = ModelArtifactTest.table(300, 2);
            var model = Trainer.fit(table.dropWhere(table.doubleColumn("x").isMissing()).removeColumns("label"), null,
                    new Trainer.Request("x", "random_forest", Map.of(), null, List.of(), 5, "abc", List.of(), null), TrainingListener.NONE);
            ModelArtifact.write(model, "x-regression", Map.of(), "test", file);
        }
        return file;
    }

    /**
     * A classifier as a features node trains one: it reads x and colour from feature view customer_stats by customer_id
     * (a lookup step), as churn.pwmodel.
     */
    public static synchronized ModelFacts featuresModel() {
        if (featuresModel == null) {
            Path file = folder().resolve("churn" + ModelArtifact.EXTENSION);
            var lookup = new io.pipewright.train.Step.Lookup(List.of(new io.pipewright.train.Step.Lookup.View("customer_stats", List.of("customer_id"),
                    "event_time", List.of("x", "colour"))));
            var model = Trainer.fit(ModelArtifactTest.table(300, 1), null, new Trainer.Request("label", "random_forest", Map.of(), null, List.of(), 5,
                    "abc", List.of(lookup), null), TrainingListener.NONE);
            ModelArtifact.write(model, "churn", Map.of(), "test", file);
            featuresModel = ModelFacts.measure(file, "churn", "2", null);
        }
        return featuresModel;
    }

    public static synchronized ModelFacts regressor() {
        if (regressor == null) {
            regressor = ModelFacts.measure(regressorArtifact(), null, null, null);
        }
        return regressor;
    }
}
