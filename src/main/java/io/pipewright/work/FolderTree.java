package io.pipewright.work;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A folder read as a tree (an MLflow export, a request-log folder, a monitor's incoming folder),
 * confined to itself. A symbolic link is followed only when where it leads lies inside the folder;
 * a link out of it, a link to nothing and a link that leads back to a folder it is in (a loop) are
 * refused with one line naming the link, where it leads and the folder. The walk is a loop, not a
 * recursion, and files are read through their checked real paths without following a link again.
 */
public final class FolderTree {
    private final Path root;
    private final Path realRoot;

    private FolderTree(Path root, Path realRoot) {
        this.root = root;
        this.realRoot = realRoot;
    }

    /** A link the tree will not follow; a bad input (exit 2 on the command line). */
    public static final class LinkException extends IllegalArgumentException {
        LinkException(String message) {
            super(message);
        }
    }

    /** The tree under {@code root} (itself a folder, or a link to one: the person named it). */
    public static FolderTree of(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + ": no such folder");
        }
        try {
            return new FolderTree(root, root.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException(root + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The folder as it was named. */
    public Path root() {
        return root;
    }

    /**
     * Where a path of the tree leads (its real path), refusing a link out of the tree, to nothing,
     * or in a circle. {@code path} is the root or a path under it, as named.
     */
    public Path check(Path path) {
        try {
            Path real = path.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw new LinkException(path + ": a link to " + real + ", outside the folder " + root
                        + "; links out of the folder being read are not followed");
            }
            return real;
        } catch (NoSuchFileException e) {
            throw new LinkException(path + ": a link to nothing (" + target(path) + ")");
        } catch (FileSystemException e) {
            if (e.getReason() != null && e.getReason().toLowerCase(java.util.Locale.ROOT).contains("levels of symbolic links")) {
                throw new LinkException(path + ": a link that leads back to itself (a loop); links that loop are refused");
            }
            throw new UncheckedIOException(path + ": cannot read: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The entries of a folder of the tree, sorted by name, each checked as {@link #check} does. */
    public List<Path> list(Path folder) {
        return list(folder, entry -> true);
    }

    /**
     * The entries of a folder of the tree that the caller wants (judged by their names, before they
     * are looked at), sorted by name, each checked as {@link #check} does: a stray link the caller
     * would not read anyway is no reason to refuse the folder.
     */
    public List<Path> list(Path folder, java.util.function.Predicate<Path> wanted) {
        Path real = check(folder);
        var entries = new ArrayList<Path>();
        for (Path child : children(folder, real)) {
            Path named = folder.resolve(child.getFileName().toString());
            if (wanted.test(named)) {
                check(named);
                entries.add(named);
            }
        }
        return entries;
    }

    /**
     * Every regular file under a folder of the tree, by its path relative to that folder (with '/'),
     * sorted, mapped to the real path to read it from. Links that stay inside are followed; one that
     * leads back to a folder on its own path is a loop and refused, and so is a second way into a
     * folder (each folder is read once, so links cannot multiply the work). Anything else (a pipe, a
     * device) is left out.
     */
    public Map<String, Path> files(Path folder) {
        record Visit(Path named, Path real, List<Path> ancestors) {
        }
        var files = new TreeMap<String, Path>();
        Path start = check(folder);
        var pending = new ArrayDeque<Visit>();
        var seen = new java.util.HashSet<Path>(List.of(start));
        pending.push(new Visit(folder, start, List.of(start)));
        while (!pending.isEmpty()) {
            Visit visit = pending.pop();
            for (Path child : children(visit.named(), visit.real())) {
                Path named = visit.named().resolve(child.getFileName().toString());
                Path real = check(named);
                if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                    // a link to a folder on its own path, or to one holding it, would lead back here again and again
                    if (visit.ancestors().stream().anyMatch(ancestor -> ancestor.startsWith(real))) {
                        throw new LinkException(named + ": a link back to " + shown(real) + ", a folder it is in (a loop); links that loop are refused");
                    }
                    if (!seen.add(real)) {
                        throw new LinkException(named + ": leads to " + shown(real) + ", a folder also reached another way through a link; "
                                + "each folder is read once");
                    }
                    var ancestors = new ArrayList<>(visit.ancestors());
                    ancestors.add(real);
                    pending.push(new Visit(named, real, List.copyOf(ancestors)));
                } else if (Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(folder.relativize(named).toString().replace(java.io.File.separatorChar, '/'), real);
                }
            }
        }
        return files;
    }

    /** A file's text (UTF-8), read from a real path {@link #check} or {@link #files} gave, without following a link. */
    public static String read(Path real) {
        try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(real + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The entries of a real folder, sorted by name. */
    private static List<Path> children(Path named, Path real) {
        var children = new ArrayList<Path>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(real)) {
            stream.forEach(children::add);
        } catch (IOException e) {
            throw new UncheckedIOException(named + ": cannot read: " + e.getMessage(), e);
        }
        children.sort(java.util.Comparator.comparing(child -> child.getFileName().toString()));
        return children;
    }

    /** A real path inside the tree as the person named the tree. */
    private Path shown(Path real) {
        return root.resolve(realRoot.relativize(real).toString());
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "a file that is not there";
        }
    }
}
