package io.pipewright.profile;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes the profile JSON. NaN (a pair with too few values) is written as null. */
public final class ProfileJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(double[].class, new NanAsNull()))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ProfileJson() {
    }

    public static String write(DatasetProfile profile) {
        try {
            return MAPPER.writeValueAsString(profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes to a temporary file beside {@code file} and moves it into place: never a half-written file. */
    public static void write(DatasetProfile profile, Path file) {
        writeAtomically(file, write(profile));
    }

    static void writeAtomically(Path file, String content) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = parent.resolve("." + file.getFileName() + ".part");
            try {
                Files.writeString(temporary, content);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static com.fasterxml.jackson.databind.JsonNode tree(DatasetProfile profile) {
        return MAPPER.valueToTree(profile);
    }

    private static final class NanAsNull extends StdSerializer<double[]> {
        NanAsNull() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] values, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeStartArray();
            for (double value : values) {
                if (Double.isFinite(value)) {
                    generator.writeNumber(value);
                } else {
                    generator.writeNull();
                }
            }
            generator.writeEndArray();
        }
    }
}
