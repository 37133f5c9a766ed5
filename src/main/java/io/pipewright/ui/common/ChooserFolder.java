package io.pipewright.ui.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a file or folder dialog starts: in the folder of the last file chosen in any of them (or the
 * last folder chosen), while it exists; else in the folder the caller suggests; else in the
 * person's home folder. Without a start, GTK's dialog opens on "Recent", far from the files in use.
 * Each choice is handed to a listener, which keeps it in the preferences for the next session.
 */
public final class ChooserFolder {
    private final Path fallback;
    private final Consumer<Path> remembered;
    private Path last;

    /**
     * @param last       the folder remembered from an earlier session, or null
     * @param fallback   the folder used when neither the last nor the suggested one exists (the person's home), or null
     * @param remembered told of every newly remembered folder
     */
    public ChooserFolder(Path last, Path fallback, Consumer<Path> remembered) {
        this.last = last;
        this.fallback = fallback;
        this.remembered = remembered;
    }

    /** A memory for this session only, falling back to the person's home folder. */
    public static ChooserFolder forSession() {
        String home = System.getProperty("user.home");
        return new ChooserFolder(null, home == null ? null : Path.of(home), folder -> { });
    }

    /** The folder the next dialog starts in; {@code suggested} (may be null) is the caller's default. */
    public Optional<Path> initial(Path suggested) {
        for (Path candidate : new Path[] {last, suggested, fallback}) {
            if (candidate != null && Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The last folder remembered, whether or not it still exists. */
    public Optional<Path> last() {
        return Optional.ofNullable(last);
    }

    /** A file was chosen (to open or to save): its folder is where the next dialog starts. */
    public void chosenFile(Path file) {
        Path absolute = file.toAbsolutePath();
        remember(absolute.getParent());
    }

    /** A folder was chosen: the next dialog starts in it. */
    public void chosenFolder(Path folder) {
        remember(folder.toAbsolutePath());
    }

    private void remember(Path folder) {
        if (folder != null && !folder.equals(last)) {
            last = folder;
            remembered.accept(folder);
        }
    }
}
