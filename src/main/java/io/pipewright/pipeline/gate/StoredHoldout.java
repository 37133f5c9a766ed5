package io.pipewright.pipeline.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.data.ParquetTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The holdout a version was gated on at registration, kept beside its model file ({@code v3.pwmodel} →
 * {@code v3.holdout.parquet} and {@code v3.holdout.json} with the column types and where the rows came from),
 * so that {@code pipewright models promote} and the Models workspace judge it later on the same rows. Only raw
 * rows are kept: rows that went through this run's fitted steps could not be scored by another version.
 */
public final class StoredHoldout {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredHoldout() {
    }

    private record Facts(String description, List<String> types, long rows) {
    }

    public static Path tableFile(Path artifact) {
        return artifact.resolveSibling(stem(artifact) + ".holdout.parquet");
    }

    private static Path factsFile(Path artifact) {
        return artifact.resolveSibling(stem(artifact) + ".holdout.json");
    }

    private static String stem(Path artifact) {
        String name = artifact.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Keeps a raw holdout beside the model file; returns false (and keeps nothing) when the rows are not raw. */
    public static boolean write(Path artifact, Holdout holdout) {
        if (!holdout.isRaw()) {
            return false;
        }
        try {
            ParquetTables.write(holdout.table(), tableFile(artifact));
            Files.write(factsFile(artifact), JSON.writeValueAsBytes(new Facts(holdout.description(), ParquetTables.types(holdout.table()),
                    holdout.table().rowCount())));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the holdout beside " + artifact + ": " + e.getMessage(), e);
        }
    }

    /** The holdout kept beside the model file, if one was. */
    public static Optional<Holdout> read(Path artifact) {
        Path facts = factsFile(artifact);
        Path table = tableFile(artifact);
        if (!Files.isRegularFile(facts) || !Files.isRegularFile(table)) {
            return Optional.empty();
        }
        try {
            Facts read = JSON.readValue(facts.toFile(), Facts.class);
            return Optional.of(Holdout.raw(ParquetTables.read(table, table.getFileName().toString(), read.types()),
                    read.description() + ", kept with " + artifact.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the holdout kept beside " + artifact + ": " + e.getMessage(), e);
        }
    }
}
