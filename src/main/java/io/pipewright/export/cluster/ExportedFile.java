package io.pipewright.export.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** One file of a cluster export (a manifest, an Airflow DAG module): its name and its whole text, as written. */
public record ExportedFile(String name, String text) {

    /** Writes the files into {@code folder} (created when missing), each through a temporary file; returns their paths. */
    public static List<Path> write(List<ExportedFile> files, Path folder) {
        var written = new ArrayList<Path>();
        try {
            Files.createDirectories(folder);
            for (ExportedFile file : files) {
                Path target = folder.resolve(file.name());
                Path temporary = folder.resolve("." + file.name() + ".part");
                Files.writeString(temporary, file.text());
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                written.add(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + folder + ": " + e.getMessage(), e);
        }
        return written;
    }
}
