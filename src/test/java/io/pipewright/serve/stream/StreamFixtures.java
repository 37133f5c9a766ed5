package io.pipewright.serve.stream;

import io.pipewright.train.ModelArtifact;
import io.pipewright.train.ModelArtifactTest;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The stream tests' model (a small random forest over {@code x} and {@code colour}, as the serving tests train) and input records. */
public final class StreamFixtures {
    private StreamFixtures() {
    }

    /** Trains the model and writes its artifact, named {@code credit}, into {@code dir}. */
    public static Path artifact(Path dir) {
        var model = Trainer.fit(ModelArtifactTest.table(300, 1), null, new Trainer.Request("label", "random_forest", Map.of(), null, List.of(), 5, "abc",
                List.of(), null), TrainingListener.NONE);
        Path file = dir.resolve("credit" + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "credit", Map.of(), "test", file);
        return file;
    }

    /** {@code count} seeded records of the model's features: numbers, some missing, and a colour not seen in training. */
    public static List<Map<String, Object>> records(int count, long seed) {
        var random = new Random(seed);
        String[] colours = {"red", "blue", "green"};
        var records = new ArrayList<Map<String, Object>>(count);
        for (int i = 0; i < count; i++) {
            var record = new LinkedHashMap<String, Object>();
            record.put("x", i % 23 == 0 ? null : Math.round(random.nextGaussian() * 1e4) / 1e4);
            record.put("colour", colours[random.nextInt(colours.length)]);
            records.add(record);
        }
        return records;
    }

    /** A record as a JSON object. */
    public static String json(Map<String, Object> record) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(record);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
