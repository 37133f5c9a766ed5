package io.pipewright.pipeline;

import io.pipewright.data.DatasetReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of a node type that reads a dataset file ({@link NodeType#dataset()}): the one that
 * names the file (a path relative to the pipeline file; its format is told by its name, else by its
 * first bytes, as the Data workspace opens it) and, when there is one, the one that lists the values
 * that mean missing.
 *
 * @param path the parameter naming the file
 * @param naTokens the parameter listing the missing-value tokens, or null when the node has none
 */
public record DatasetParams(String path, String naTokens) {
    public DatasetParams {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("a dataset needs the parameter that names its file");
        }
    }

    /**
     * The file the parameters name, relative to {@code folder} (the pipeline file's); empty when no
     * file is named (a database's URL names none, nor does a layer's dataset such as {@code silver/orders} where no
     * file of that name is), or when it is relative and the folder is not known.
     */
    public Optional<Path> file(Map<String, Object> params, Path folder) {
        if (!(params.get(path) instanceof String named) || named.isBlank() || io.pipewright.data.DatabaseSource.isDatabase(named)) {
            return Optional.empty(); // nothing named, or a database (no file)
        }
        Path file = Path.of(named);
        Optional<Path> resolved = file.isAbsolute() ? Optional.of(file.normalize()) : folder == null ? Optional.empty()
                : Optional.of(folder.resolve(file).normalize());
        if (io.pipewright.data.lake.LayerReference.looksLikeOne(named) && resolved.map(found -> !java.nio.file.Files.exists(found)).orElse(true)) {
            return Optional.empty(); // a dataset in a layer of the home (silver/orders), not a file
        }
        return resolved;
    }

    /** The values that mean missing, besides empty fields; none when not set. */
    public List<String> na(Map<String, Object> params) {
        return naTokens != null && params.get(naTokens) instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    /** What tells a changed file from the one read before: its path, size and modification time. */
    public static String stamp(Path file) {
        try {
            return file + ":" + java.nio.file.Files.size(file) + ":" + java.nio.file.Files.getLastModifiedTime(file).toMillis();
        } catch (java.io.IOException e) {
            return file + ":absent";
        }
    }

    /** A reader of the file, with its format and missing-value tokens: how the node and its column pickers read it. */
    public DatasetReader reader(Path file, Map<String, Object> params) {
        return DatasetReader.open(file).naTokens(na(params));
    }
}
