package io.pipewright.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The files of {@code sample-data/} that ship inside the application, and their copies in the
 * home's samples folder. Copies keep the layout of {@code sample-data/} ({@code credit/credit.csv},
 * {@code pipelines/credit-risk.yaml}), so the relative paths inside a sample pipeline still lead to its data.
 */
public final class SampleFiles {
    private static final String ROOT = "/io/pipewright/samples/";

    private SampleFiles() {
    }

    /**
     * A bundled file's path under the samples root, with {@code ..} resolved; refused when it leaves
     * the root, since nothing outside sample-data ships.
     */
    public static String normalize(String relative) {
        Path path = Path.of(relative).normalize();
        if (relative.isBlank() || path.isAbsolute() || path.startsWith("..")) {
            throw new IllegalArgumentException("sample file " + relative + " is outside the samples");
        }
        return path.toString().replace('\\', '/');
    }

    /** Whether the application carries this file. */
    public static boolean bundled(String relative) {
        return SampleFiles.class.getResource(ROOT + normalize(relative)) != null;
    }

    /** The text of a bundled file. */
    public static String text(String relative) {
        try (InputStream in = open(relative)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample " + relative + ": " + e.getMessage(), e);
        }
    }

    private static InputStream open(String relative) {
        InputStream in = SampleFiles.class.getResourceAsStream(ROOT + normalize(relative));
        if (in == null) {
            throw new IllegalStateException("sample " + relative + " is missing from the application");
        }
        return in;
    }

    /**
     * Copies a bundled file to the same place under {@code root} (once: an existing copy of the same
     * size is reused, so a person's edits to a copy of another size are replaced by the pristine
     * sample) and returns the copy.
     */
    public static Path copy(String relative, Path root) {
        String name = normalize(relative);
        Path target = root.resolve(name);
        try (InputStream in = open(name)) {
            Path folder = target.getParent();
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, target.getFileName().toString(), ".part");
            try {
                Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
                if (Files.isRegularFile(target) && Files.size(target) == Files.size(temporary)) {
                    return target;
                }
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy sample " + name + " to " + root + ": " + e.getMessage(), e);
        }
    }
}
