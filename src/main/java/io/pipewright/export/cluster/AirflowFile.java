package io.pipewright.export.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** One file of an Airflow export (the DAG module, the ConfigMaps it expects): its name and its whole text. */
public record AirflowFile(String name, String text) {

    /** Writes the files into {@code folder} (created when missing), each through a temporary file; returns their paths. */
    public static List<Path> write(List<AirflowFile> files, Path folder) {
        var written = new ArrayList<Path>();
        try {
            Files.createDirectories(folder);
            for (AirflowFile file : files) {
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
