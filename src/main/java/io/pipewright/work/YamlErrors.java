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
    /**
     * Reads a YAML file into {@code type} ({@code blank} for an empty file); a file that cannot be read,
     * or is not that shape, is one line (IllegalArgumentException) naming the file, line and field.
     */
    public static <T> T read(Path file, com.fasterxml.jackson.databind.ObjectMapper mapper, Class<T> type, java.util.function.Supplier<T> blank) {
        try {
            String text = Files.readString(file);
            return text.isBlank() ? blank.get() : mapper.readValue(text, type);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(describe(file, e));
        } catch (IOException e) {
            throw new IllegalArgumentException(file.getFileName() + ": cannot read: " + e.getMessage(), e);
        }
    }

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
