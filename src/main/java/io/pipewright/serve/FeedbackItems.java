package io.pipewright.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The items of a feedback call, {@code [{"id": ..., "label": ..., "row": ...}, ...]}, read and checked
 * for their shape: each an object with an {@code id} (text or a whole number), a {@code label} (text, a
 * number or a boolean) and, for a row of a request of several rows, {@code row} (from 0; the same as
 * the id {@code ID/ROW}). A mistake is named by its place: {@code [2].label: missing}.
 */
final class FeedbackItems {
    private static final Set<String> FIELDS = Set.of("id", "label", "row");

    private FeedbackItems() {
    }

    static List<Feedback.Item> read(JsonNode array) {
        if (array.isEmpty()) {
            throw new Predictor.InvalidInput("no labels in the feedback body: expected [{\"id\": ..., \"label\": ...}, ...]");
        }
        var items = new ArrayList<Feedback.Item>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            String at = "[" + i + "]";
            if (!item.isObject()) {
                throw new Predictor.InvalidInput(at + ": expected an object {\"id\": ..., \"label\": ...}, not " + kind(item));
            }
            var names = item.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    throw new Predictor.InvalidInput(at + "." + name + ": unknown field (an item has id, label and, for a row of a larger request, row)");
                }
            }
            JsonNode id = item.get("id");
            if (id == null || id.isNull()) {
                throw new Predictor.InvalidInput(at + ".id: missing (the id of the answer the label is for)");
            }
            if (!(id.isTextual() || id.isIntegralNumber())) {
                throw new Predictor.InvalidInput(at + ".id: must be text or a whole number, not " + kind(id));
            }
            String key = id.asText();
            if (key.isBlank()) {
                throw new Predictor.InvalidInput(at + ".id: empty");
            }
            JsonNode row = item.get("row");
            if (row != null && !row.isNull()) {
                if (!row.isIntegralNumber() || row.asLong() < 0 || row.asLong() > Integer.MAX_VALUE) {
                    throw new Predictor.InvalidInput(at + ".row (id " + key + "): must be a whole number from 0, not " + row);
                }
                key = key + "/" + row.asLong();
            }
            JsonNode label = item.get("label");
            if (label == null || label.isNull()) {
                throw new Predictor.InvalidInput(at + ".label (id " + key + "): missing");
            }
            if (label.isContainerNode()) {
                throw new Predictor.InvalidInput(at + ".label (id " + key + "): must be a class or a number, not " + kind(label));
            }
            items.add(new Feedback.Item(i, key, ModelServer.value(label)));
        }
        return items;
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "text";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
