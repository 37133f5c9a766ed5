package io.pipewright.home;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.work.JsonErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one binder for preferences: each feature keeps one record under its own section of
 * {@code preferences.json}. Writes go to a temporary file that replaces the old one, so a killed
 * process leaves either the old or the new file, never half of one.
 *
 * <p>The file is read with Jackson's streaming parser into plain maps and lists, and Jackson's data
 * binding is only set up when a section is bound to a type or the file is written: setting it up
 * took a large part of the window's start, which only needs the shell's own section (read by hand
 * through {@link #section}).
 */
public final class Preferences {
    private static final Logger LOG = LoggerFactory.getLogger(Preferences.class);

    private final Path file;
    /** The file's top-level object: JSON values as maps, lists, strings, numbers, booleans and nulls. */
    private final Map<String, Object> root;
    private final String problem;
    private ObjectMapper mapper;

    private Preferences(Path file, Map<String, Object> root, String problem) {
        this.file = file;
        this.root = root;
        this.problem = problem;
    }

    /**
     * Reads the file. A malformed file is moved aside (to {@code preferences.json.broken}) so that
     * the next save does not destroy what the person may want to repair, and defaults are used.
     */
    public static Preferences load(Path file) {
        try {
            String text = Files.readString(file);
            try (JsonParser parser = new JsonFactory().createParser(text)) {
                JsonToken first = parser.nextToken();
                if (first == JsonToken.START_OBJECT) {
                    return new Preferences(file, object(parser), null);
                }
                return brokenFile(file, file.getFileName() + ": expected a JSON object, found " + describe(first));
            }
        } catch (NoSuchFileException e) {
            return new Preferences(file, new LinkedHashMap<>(), null);
        } catch (JsonProcessingException e) {
            return brokenFile(file, file.getFileName() + ": " + JsonErrors.describe(e));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The object that starts at the parser's current token, up to its end. */
    private static Map<String, Object> object(JsonParser parser) throws IOException {
        var object = new LinkedHashMap<String, Object>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            object.put(name, value(parser));
        }
        return object;
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> {
                var list = new ArrayList<Object>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser));
                }
                yield list;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + token + " in " + parser.currentLocation());
        };
    }

    private static String describe(JsonToken first) {
        if (first == null) {
            return "nothing";
        }
        return switch (first) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> first.name().toLowerCase();
        };
    }

    private static Preferences brokenFile(Path file, String problem) {
        Path aside = file.resolveSibling(file.getFileName() + ".broken");
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("cannot move {} aside: {}", file, e.getMessage());
        }
        String message = problem + " (defaults used; the file was kept as " + aside.getFileName() + ")";
        LOG.warn("preferences: {}", message);
        return new Preferences(file, new LinkedHashMap<>(), message);
    }

    /** What was wrong with the file when it was loaded, if anything. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    public Path file() {
        return file;
    }

    /**
     * The section as it stands in the file, when it is a JSON object: names to values, each a map,
     * a list, a string, a number, a boolean or null. For a reader that needs no data binding.
     */
    public synchronized Optional<Map<String, Object>> section(String section) {
        if (root.get(section) instanceof Map<?, ?> object) {
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) object;
            return Optional.of(Collections.unmodifiableMap(values));
        }
        return Optional.empty();
    }

    /** The section as the given type, or {@code fallback} when it is absent or unreadable. */
    public synchronized <T> T get(String section, Class<T> type, T fallback) {
        Object value = root.get(section);
        if (value == null) {
            return fallback;
        }
        try {
            T bound = mapper().convertValue(value, type);
            return bound == null ? fallback : bound;
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: section '{}' ignored: {}", file.getFileName(), section, e.getMessage());
            return fallback;
        }
    }

    /** Replaces a section and saves the file. */
    public synchronized void put(String section, Object value) {
        root.put(section, mapper().convertValue(value, Object.class));
        save();
    }

    /** Sets up the data binding now, off the FX thread, so that the first section bound later does not wait for it. */
    public synchronized void prepareBinding() {
        mapper();
    }

    private ObjectMapper mapper() {
        if (mapper == null) {
            mapper = new ObjectMapper()
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .enable(SerializationFeature.INDENT_OUTPUT);
        }
        return mapper;
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), "preferences", ".tmp");
            try {
                Files.write(temporary, mapper().writeValueAsBytes(root));
                try {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
