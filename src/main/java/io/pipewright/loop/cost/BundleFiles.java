package io.pipewright.loop.cost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A deployment bundle's text files by their path inside it ({@code helm/<chart>/values.yaml}): an exported folder, or the
 * files of a bundle drafted in memory (the Deploy workspace's). Read as files, so that any exported bundle can be costed.
 */
public interface BundleFiles {

    /** What to call the bundle in a message: its folder, or its name. */
    String name();

    /** Every file's path inside the bundle, with '/' between folders, sorted. */
    List<String> paths();

    /** A file's text, or empty when the bundle has no such file. */
    Optional<String> text(String path);

    /** How a message names one of its files (the folder's own path, for a folder). */
    default String where(String path) {
        return name() + "/" + path;
    }

    /** An exported bundle folder; a path that is not a folder is one line naming it. */
    static BundleFiles folder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + (Files.exists(dir) ? ": not a folder: give the bundle's folder (unzip a .zip first)" : ": no such folder"));
        }
        List<String> paths;
        try (Stream<Path> walk = Files.walk(dir, 6)) {
            paths = walk.filter(Files::isRegularFile).map(file -> dir.relativize(file).toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot read: " + e.getMessage(), e);
        }
        return new BundleFiles() {
            @Override
            public String name() {
                return dir.toString();
            }

            @Override
            public List<String> paths() {
                return paths;
            }

            @Override
            public Optional<String> text(String path) {
                Path file = dir.resolve(path);
                if (!Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(Files.readString(file));
                } catch (IOException e) {
                    throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
                }
            }

            @Override
            public String where(String path) {
                return dir.resolve(path).toString();
            }
        };
    }

    /** Files held in memory, path → text. */
    static BundleFiles of(String name, Map<String, String> texts) {
        var sorted = new TreeMap<>(texts);
        return new BundleFiles() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<String> paths() {
                return List.copyOf(sorted.keySet());
            }

            @Override
            public Optional<String> text(String path) {
                return Optional.ofNullable(sorted.get(path));
            }
        };
    }
}
