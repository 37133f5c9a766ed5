package io.pipewright.ui.features;

import io.pipewright.data.SampleFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The bundled sample feature view (customer activity) with its data and the churn labels to join it onto. */
final class SampleViews {
    /** The view file the empty state names. */
    static final String VIEW = "customer_activity.yaml";
    private static final List<String> FILES = List.of(VIEW, "customer_activity.csv", "churn_labels.csv");

    private SampleViews() {
    }

    /** Writes the sample's files into {@code folder}, leaving any file of the same name there as it is; returns the view file. */
    static Path copyInto(Path folder) {
        try {
            Files.createDirectories(folder);
            for (String name : FILES) {
                Path target = folder.resolve(name);
                if (!Files.exists(target)) {
                    Path part = Files.createTempFile(folder, name, ".part");
                    try {
                        Files.writeString(part, SampleFiles.text("features/" + name));
                        Files.move(part, target);
                    } finally {
                        Files.deleteIfExists(part);
                    }
                }
            }
            return folder.resolve(VIEW);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the sample feature view to " + folder + ": " + e.getMessage(), e);
        }
    }
}
