package io.pipewright.serve.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pipewright.serve.Predictor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;

/**
 * The stream's record formats. An input value is one JSON object of feature → value, read as the REST
 * server reads an instance ({@code NaN} and {@code Infinity} literals are read so that the schema check can
 * refuse them naming the feature). An output value is {@code {"id", "model_version", "prediction",
 * "probabilities"}}; outputs and dead letters carry headers naming the input's topic, partition and offset.
 */
public final class StreamRecords {
    /** The header of a dead letter that says why its record was not scored. */
    public static final String ERROR = "pipewright-error";
    public static final String SOURCE_TOPIC = "pipewright-source-topic";
    public static final String SOURCE_PARTITION = "pipewright-source-partition";
    public static final String SOURCE_OFFSET = "pipewright-source-offset";

    private static final ObjectMapper READER = JsonMapper.builder().enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final JsonFactory WRITER = new JsonFactory();

    private StreamRecords() {
    }

    /** An input value read: its record of feature → value, or why it cannot be one. */
    public record Parsed(Map<String, Object> record, String error) {
    }

    /** Reads an input value; never throws. */
    public static Parsed parse(byte[] value) {
        if (value == null) {
            return new Parsed(null, "the record has no value (a tombstone)");
        }
        JsonNode node;
        try {
            node = READER.readTree(value);
        } catch (JsonProcessingException e) {
            return new Parsed(null, "malformed JSON: " + io.pipewright.work.JsonErrors.describe(e));
        } catch (IOException e) {
            return new Parsed(null, "the value cannot be read: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            return new Parsed(null, "the value is empty; expected a JSON object of feature: value");
        }
        if (!node.isObject()) {
            return new Parsed(null, "the value is a JSON " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not an object of feature: value");
        }
        return new Parsed(io.pipewright.serve.ModelServer.record(node), null);
    }

    /** The request id of an input record, which its output carries: {@code <topic>-<partition>-<offset>}. */
    public static String id(String topic, int partition, long offset) {
        return topic + "-" + partition + "-" + offset;
    }

    /** An output value: the prediction of row {@code row} of a scored batch, and the version that made it. */
    public static byte[] output(String id, String version, Predictor.Prediction prediction, int row, List<String> labels) {
        var bytes = new ByteArrayBuilder(160);
        try (JsonGenerator json = WRITER.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("id", id);
            json.writeStringField("model_version", version);
            Object predicted = prediction.predictions().get(row);
            json.writeFieldName("prediction");
            if (predicted instanceof Number number) {
                json.writeNumber(number.doubleValue());
            } else {
                json.writeString(String.valueOf(predicted));
            }
            if (prediction.probabilities() != null) {
                json.writeObjectFieldStart("probabilities");
                double[] perClass = prediction.probabilities()[row];
                for (int k = 0; k < perClass.length; k++) {
                    json.writeNumberField(labels.get(k), perClass[k]);
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
        return bytes.toByteArray();
    }

    /** Adds the headers that name the input a record came from. */
    public static void source(Headers headers, String topic, int partition, long offset) {
        headers.add(SOURCE_TOPIC, topic.getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_PARTITION, Integer.toString(partition).getBytes(StandardCharsets.US_ASCII));
        headers.add(SOURCE_OFFSET, Long.toString(offset).getBytes(StandardCharsets.US_ASCII));
    }

    /** One line, so that a header stays readable whatever the error's text held. */
    static String oneLine(String message) {
        String text = message == null ? "unknown error" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return text.length() > 1000 ? text.substring(0, 1000) + "…" : text;
    }
}
