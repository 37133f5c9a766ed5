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
 * What a version was gated on at registration, kept beside its model file ({@code v3.pwmodel} → {@code v3.holdout.json}
 * with the register node's gate settings, where the rows came from and their column types, and {@code v3.holdout.parquet}
 * with the rows), so that {@code pipewright models promote} and the Models workspace judge it later on the same rows by
 * the same thresholds. Only raw rows are kept: rows that went through this run's fitted steps could not be scored by
 * another version (the settings are kept all the same).
 */
public final class StoredHoldout {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredHoldout() {
    }

    private record Facts(String description, List<String> types, long rows, java.util.Map<String, Object> gates) {
    }

    /** What was kept: the rows (null when they were not raw) and the gate settings. */
    public record Kept(Holdout holdout, GateSettings gates) {
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

    /** Keeps the gate settings and, when the rows are raw, the holdout beside the model file; returns whether the rows were kept. */
    public static boolean write(Path artifact, Holdout holdout, GateSettings gates) {
        boolean raw = holdout != null && holdout.isRaw();
        try {
            if (raw) {
                ParquetTables.write(holdout.table(), tableFile(artifact));
            }
            Files.write(factsFile(artifact), JSON.writeValueAsBytes(new Facts(holdout == null ? null : holdout.description(),
                    raw ? ParquetTables.types(holdout.table()) : null, holdout == null ? 0 : holdout.table().rowCount(),
                    (gates == null ? GateSettings.DEFAULTS : gates).toMap())));
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the holdout beside " + artifact + ": " + e.getMessage(), e);
        }
    }

    /** What was kept beside the model file, if anything. */
    public static Optional<Kept> read(Path artifact) {
        Path facts = factsFile(artifact);
        if (!Files.isRegularFile(facts)) {
            return Optional.empty();
        }
        Path table = tableFile(artifact);
        try {
            Facts read = JSON.readValue(facts.toFile(), Facts.class);
            Holdout holdout = read.types() == null || !Files.isRegularFile(table) ? null
                    : Holdout.raw(ParquetTables.read(table, table.getFileName().toString(), read.types()),
                    read.description() + ", kept with " + artifact.getFileName());
            return Optional.of(new Kept(holdout, GateSettings.fromMap(read.gates())));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(facts + ": damaged (" + e.getMessage() + "); give the holdout with --holdout FILE", e);
        }
    }
}
