package io.pipewright.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The columns available at each node of a pipeline before it runs: what the editor's column pickers
 * offer and its target check knows. It works them out as the validator does ({@link ColumnFlow}:
 * the columns of the dataset files the nodes read, then what each node type does to its input's
 * columns), and reads each file's first rows itself, once per file and missing-value tokens.
 * Reading blocks: a window asks the reading questions off its UI thread, and there only what is
 * {@link #known} (a file not read yet is unknown). Safe to use from several threads.
 */
public final class PipelineColumns {
    private final NodeCatalog catalog;
    private final FileColumns reader;
    private final Map<String, TableColumns> files = new ConcurrentHashMap<>();

    /** Reads files as the validator does ({@link FileColumns#read}). */
    public PipelineColumns(NodeCatalog catalog) {
        this(catalog, FileColumns.reading());
    }

    public PipelineColumns(NodeCatalog catalog, FileColumns reader) {
        this.catalog = catalog;
        this.reader = reader;
    }

    /**
     * The names of the columns flowing into a node's table inputs, each once, in order, reading the
     * files upstream not read yet; empty when not known. Relative paths are read from {@code folder}.
     */
    public List<String> into(PipelineDocument document, Path folder, String nodeId) {
        return ColumnFlow.of(document, catalog, folder, this::read).namesInto(nodeId);
    }

    /** The names of the columns of every file the pipeline reads (what its target may be), reading those not read yet. */
    public List<String> read(PipelineDocument document, Path folder) {
        return ColumnFlow.of(document, catalog, folder, this::read).namesRead();
    }

    /** Reads every file the pipeline's nodes would read for their columns that is not read yet; true when it read one. */
    public boolean readAll(PipelineDocument document, Path folder) {
        var learned = new AtomicBoolean();
        FileColumns reading = (file, na) -> {
            String key = key(file, na);
            if (!files.containsKey(key)) {
                learned.set(true);
            }
            return read(file, na);
        };
        var flow = ColumnFlow.of(document, catalog, folder, reading);
        document.nodes().forEach(node -> flow.out(node.id()));
        return learned.get();
    }

    /** Whether every file the pipeline's nodes would read for their columns has been read (without reading any). */
    public boolean allRead(PipelineDocument document, Path folder) {
        var missing = new AtomicBoolean();
        FileColumns asking = (file, na) -> {
            TableColumns known = files.get(key(file, na));
            if (known == null) {
                missing.set(true);
            }
            return known == null ? TableColumns.UNKNOWN : known;
        };
        var flow = ColumnFlow.of(document, catalog, folder, asking);
        document.nodes().forEach(node -> flow.out(node.id()));
        return !missing.get();
    }

    /** The columns as far as the files read so far tell them, without reading any: what a UI thread may ask. */
    public ColumnFlow known(PipelineDocument document, Path folder) {
        return ColumnFlow.of(document, catalog, folder, knownFiles());
    }

    /** The columns of the files read so far; unknown for the others (for the validator's target check while editing). */
    public FileColumns knownFiles() {
        return (file, na) -> files.getOrDefault(key(file, na), TableColumns.UNKNOWN);
    }

    private TableColumns read(Path file, List<String> na) {
        return files.computeIfAbsent(key(file, na), key -> reader.of(file, na));
    }

    private static String key(Path file, List<String> na) {
        return file + "\u0000" + String.join("\u0000", na == null ? List.of() : na);
    }
}
