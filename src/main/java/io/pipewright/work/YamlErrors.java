package io.pipewright.work;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.regex.Pattern;

/** Jackson's errors on a YAML file as one line naming the file, the line and the field. */
public final class YamlErrors {
    private YamlErrors() {
    }

    /** "name: line L: unknown field 'a.b' (did you mean …?)" or "name: a.b: line L, column C: message". */
    public static String describe(Path file, JsonProcessingException e) {
        String name = file.getFileName().toString();
        if (e instanceof UnrecognizedPropertyException unknown) {
            var known = unknown.getKnownPropertyIds().stream().map(String::valueOf).toList();
            return name + ": line " + line(file, unknown.getPropertyName(), unknown.getLocation().getLineNr()) + ": unknown field '" + path(e) + "'"
                    + Suggestions.didYouMean(unknown.getPropertyName(), known);
        }
        String field = path(e);
        return name + ": " + (field.isEmpty() ? "" : field + ": ") + JsonErrors.describe(e);
    }

    /** The line of a key (Jackson reports where it stopped reading, which may be the next line). */
    public static int line(Path file, String key, int reported) {
        try {
            var lines = Files.readAllLines(file);
            var pattern = Pattern.compile("^\\s*(- )?[\"']?" + Pattern.quote(key) + "[\"']?\\s*:");
            for (int i = Math.min(reported, lines.size()) - 1; i >= 0; i--) {
                if (pattern.matcher(lines.get(i)).find()) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            // the reported line will do
        }
        return reported;
    }

    /** The dotted path of the field Jackson stopped at ({@code chart.replicas}, {@code rules[2].name}), or "". */
    public static String path(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping) {
            var names = new ArrayList<String>();
            for (var reference : mapping.getPath()) {
                names.add(reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]");
            }
            return String.join(".", names).replace(".[", "[");
        }
        return "";
    }
}
