package io.pipewright.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The dataset formats Pipewright reads, recognised by file name ({@code .gz} allowed on text formats). */
public enum DatasetFormat {
    CSV("CSV", true, "csv"),
    TSV("TSV", true, "tsv", "tab"),
    JSON("JSON", true, "json"),
    JSON_LINES("JSON Lines", true, "jsonl", "ndjson"),
    PARQUET("Parquet", false, "parquet", "pq"),
    ARFF("ARFF", true, "arff"),
    /** A table or query of a database ({@link DatabaseSource}): never recognised from a file name. */
    DATABASE("database", false),
    /** A dataset in a layer of the home's data ({@code silver/orders}): never recognised from a file name. */
    LAYER("layer", false);

    private final String label;
    private final boolean text;
    private final String[] extensions;

    DatasetFormat(String label, boolean text, String... extensions) {
        this.label = label;
        this.text = text;
        this.extensions = extensions;
    }

    public String label() {
        return label;
    }

    public static boolean isGzip(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    public static Optional<DatasetFormat> detect(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean gzip = name.endsWith(".gz");
        if (gzip) {
            name = name.substring(0, name.length() - 3);
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String extension = name.substring(dot + 1);
        for (DatasetFormat format : values()) {
            if (Arrays.asList(format.extensions).contains(extension) && (format.text || !gzip)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** "CSV, TSV, JSON, ..." for messages that list the files that can be opened. */
    public static String supportedList() {
        return Arrays.stream(values()).filter(format -> format.extensions.length > 0).map(DatasetFormat::label).collect(Collectors.joining(", "));
    }
}
