package io.pipewright.home;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipewright.work.JsonErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one binder for preferences: each feature keeps one record under its own section of
 * {@code preferences.json}. Writes go to a temporary file that replaces the old one, so a killed
 * process leaves either the old or the new file, never half of one.
 */
public final class Preferences {
    private static final Logger LOG = LoggerFactory.getLogger(Preferences.class);

    private final Path file;
    private final ObjectMapper mapper;
    private final ObjectNode root;
    private final String problem;

    private Preferences(Path file, ObjectMapper mapper, ObjectNode root, String problem) {
        this.file = file;
        this.mapper = mapper;
        this.root = root;
        this.problem = problem;
    }

    /**
     * Reads the file. A malformed file is moved aside (to {@code preferences.json.broken}) so that
     * the next save does not destroy what the person may want to repair, and defaults are used.
     */
    public static Preferences load(Path file) {
        var mapper = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .enable(SerializationFeature.INDENT_OUTPUT);
        try {
            JsonNode node = mapper.readTree(Files.readString(file));
            if (node instanceof ObjectNode object) {
                return new Preferences(file, mapper, object, null);
            }
            return brokenFile(file, mapper, file.getFileName() + ": expected a JSON object, found " + describe(node));
        } catch (NoSuchFileException e) {
            return new Preferences(file, mapper, mapper.createObjectNode(), null);
        } catch (JsonProcessingException e) {
            return brokenFile(file, mapper, file.getFileName() + ": " + JsonErrors.describe(e));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String describe(JsonNode node) {
        return node == null || node.isMissingNode() ? "nothing" : node.getNodeType().name().toLowerCase();
    }

    private static Preferences brokenFile(Path file, ObjectMapper mapper, String problem) {
        Path aside = file.resolveSibling(file.getFileName() + ".broken");
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("cannot move {} aside: {}", file, e.getMessage());
        }
        String message = problem + " (defaults used; the file was kept as " + aside.getFileName() + ")";
        LOG.warn("preferences: {}", message);
        return new Preferences(file, mapper, mapper.createObjectNode(), message);
    }

    /** What was wrong with the file when it was loaded, if anything. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    public Path file() {
        return file;
    }

    /** The section as the given type, or {@code fallback} when it is absent or unreadable. */
    public synchronized <T> T get(String section, Class<T> type, T fallback) {
        JsonNode node = root.get(section);
        if (node == null || node.isNull()) {
            return fallback;
        }
        try {
            T value = mapper.treeToValue(node, type);
            return value == null ? fallback : value;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warn("{}: section '{}' ignored: {}", file.getFileName(), section, e.getMessage());
            return fallback;
        }
    }

    /** Replaces a section and saves the file. */
    public synchronized void put(String section, Object value) {
        root.set(section, mapper.valueToTree(value));
        save();
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), "preferences", ".tmp");
            try {
                Files.write(temporary, mapper.writeValueAsBytes(root));
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
