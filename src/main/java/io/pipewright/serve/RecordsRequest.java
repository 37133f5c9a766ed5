package io.pipewright.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of a records request, {@code {"id": ..., "instances": [{feature: value, ...}, ...]}}, read by
 * streaming straight into records (a tree of the whole body first cost more than predicting a row of a
 * forest). It reads the whole document, so a malformed body is refused as malformed whatever it holds,
 * and it gives what reading the tree gave: the last of repeated names wins, numbers as Jackson's tree
 * makes them (Integer, Long, BigInteger, Double), an object or list where a value belongs kept as a tree
 * for the schema check to name.
 *
 * @param object false when the body is JSON but not an object
 * @param id the body's {@code id} as text when it is a value (not null, not a container), else null
 * @param instances the records, or null when {@code instances} is missing or not a list
 * @param notAnObject true when an element of {@code instances} is not an object
 */
public record RecordsRequest(boolean object, String id, List<Map<String, Object>> instances, boolean notAnObject) {
    /** Reads a body; null for an empty one (no JSON value at all). */
    public static RecordsRequest read(ObjectMapper mapper, byte[] body) throws IOException {
        try (JsonParser parser = mapper.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            if (first != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return new RecordsRequest(false, null, null, false);
            }
            String id = null;
            List<Map<String, Object>> instances = null;
            boolean notAnObject = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "instances" -> {
                        instances = null;
                        notAnObject = false;
                        if (token == JsonToken.START_ARRAY) {
                            instances = new ArrayList<>(1);
                            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                                if (token == JsonToken.START_OBJECT) {
                                    instances.add(record(mapper, parser));
                                } else {
                                    notAnObject = true;
                                    parser.skipChildren();
                                }
                            }
                        } else {
                            parser.skipChildren();
                        }
                    }
                    case "id" -> id = id(mapper, parser, token);
                    default -> parser.skipChildren();
                }
            }
            return new RecordsRequest(true, id, instances, notAnObject);
        }
    }

    /** An object's fields as a record (the parser at its START_OBJECT; left at its END_OBJECT). */
    private static Map<String, Object> record(ObjectMapper mapper, JsonParser parser) throws IOException {
        var record = new LinkedHashMap<String, Object>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            record.put(name, value(mapper, parser, parser.nextToken()));
        }
        return record;
    }

    /** The value at the parser as {@link ModelServer#value} makes it from a tree. */
    private static Object value(ObjectMapper mapper, JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_STRING -> parser.getText();
            default -> ModelServer.value(mapper.readTree(parser));
        };
    }

    /** The id as the tree gave it: a value's text, null for null or a container. */
    private static String id(ObjectMapper mapper, JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        JsonNode node = mapper.readTree(parser);
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
    }
}
