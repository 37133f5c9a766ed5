package io.pipewright.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the programs that regenerate a bundled {@link PublishedSchema} share: a copy of a schema with only the keywords that validate
 * an instance (descriptions, {@code x-kubernetes-*} hints and the like go), written sorted and indented so a regeneration diffs well.
 */
public final class SchemaPrune {
    /** The keywords kept by default: those that validate an instance. */
    public static final Set<String> VALIDATING = Set.of("type", "properties", "items", "required", "additionalProperties", "$ref", "const",
            "enum", "oneOf", "anyOf", "allOf");
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private SchemaPrune() {
    }

    /** A copy of {@code schema} with only the {@code kept} keywords, at any depth; each {@code $ref} met is handed to {@code refs}. */
    public static JsonNode validating(JsonNode schema, Set<String> kept, Consumer<String> refs) {
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode copy = JSON.createObjectNode();
        schema.fields().forEachRemaining(field -> {
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            if (!kept.contains(keyword)) {
                return;
            }
            switch (keyword) {
                case "$ref" -> {
                    refs.accept(value.asText());
                    copy.set(keyword, value);
                }
                case "properties" -> {
                    ObjectNode properties = copy.putObject(keyword);
                    value.fields().forEachRemaining(property -> properties.set(property.getKey(), validating(property.getValue(), kept, refs)));
                }
                case "items", "additionalProperties" -> copy.set(keyword, validating(value, kept, refs));
                case "oneOf", "anyOf", "allOf" -> {
                    ArrayNode parts = copy.putArray(keyword);
                    value.forEach(part -> parts.add(validating(part, kept, refs)));
                }
                default -> copy.set(keyword, value);
            }
        });
        return copy;
    }
}
