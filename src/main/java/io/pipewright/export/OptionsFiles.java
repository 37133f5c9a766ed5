package io.pipewright.export;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * How an export's options file is read and written (a bundle's, a cluster export's): strictly (an
 * unknown field, a null where a number belongs, a fraction where a whole number belongs are mistakes)
 * and as plain YAML a person edits.
 */
public final class OptionsFiles {
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).disable(YAMLGenerator.Feature.SPLIT_LINES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private OptionsFiles() {
    }

    /** The options in {@code file} ({@code blank} for an empty file); a mistake is one line naming the file, line and field. */
    public static <T> T read(Path file, Class<T> type, Supplier<T> blank) {
        return io.pipewright.work.YamlErrors.read(file, YAML, type, blank);
    }
}
