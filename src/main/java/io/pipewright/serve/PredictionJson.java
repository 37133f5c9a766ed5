package io.pipewright.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The answer to a records request written by Jackson's streaming generator, byte for byte what the
 * tree of the same answer gave ({@code id}, {@code model_version}, {@code variant} with an A/B split,
 * {@code predictions}, and per row a {@code probabilities} object of label: probability for a
 * classifier), without building the tree first.
 */
public final class PredictionJson {
    private PredictionJson() {
    }

    public static byte[] records(ObjectMapper mapper, Scoring.Scored scored, boolean withVariant) throws IOException {
        Predictor.Prediction prediction = scored.prediction();
        var out = new ByteArrayOutputStream(128 + 64 * prediction.predictions().size());
        try (JsonGenerator json = mapper.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", scored.id());
            json.writeStringField("model_version", scored.version());
            if (withVariant) {
                json.writeStringField("variant", scored.variant());
            }
            json.writeArrayFieldStart("predictions");
            for (Object value : prediction.predictions()) {
                if (value instanceof String text) {
                    json.writeString(text);
                } else if (value instanceof Double number) {
                    json.writeNumber(number.doubleValue());
                } else {
                    json.writeObject(value);
                }
            }
            json.writeEndArray();
            if (prediction.probabilities() != null) {
                List<String> labels = scored.predictor().labels();
                json.writeArrayFieldStart("probabilities");
                for (double[] row : prediction.probabilities()) {
                    json.writeStartObject();
                    for (int k = 0; k < row.length; k++) {
                        json.writeNumberField(labels.get(k), row[k]);
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
        return out.toByteArray();
    }
}
