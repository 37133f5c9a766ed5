package io.pipewright.work;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Temporary folders a piece of work made for itself. */
public final class ScratchFolders {
    private ScratchFolders() {
    }

    /**
     * Deletes a scratch folder and everything in it (nothing when it is null or gone); what cannot be deleted is left
     * behind, since a temporary folder is not worth failing the work for.
     */
    public static void delete(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // left behind, in the system's temporary folder
        }
    }
}
