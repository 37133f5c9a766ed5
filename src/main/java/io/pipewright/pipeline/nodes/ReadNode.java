package io.pipewright.pipeline.nodes;

import io.pipewright.data.DatasetReader;
import io.pipewright.data.TableLoader;
import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads a dataset file (any format of the Data workspace) into a table. */
final class ReadNode extends BaseNode implements PipelineRunner.CacheSalt {
    ReadNode() {
        super("read", "Data", "Reads a dataset: CSV, TSV (also .gz), JSON, JSON Lines, Parquet or ARFF.",
                List.of(),
                List.of(PortSpec.required("table", PortType.TABLE, "the dataset's rows")),
                List.of(ParamSpec.required("path", ParamSpec.Kind.PATH, "the file, relative to the pipeline file"),
                        ParamSpec.optional("na", ParamSpec.Kind.COLUMNS, null, "values that mean missing, besides empty fields (e.g. [NA, NULL])")));
    }

    static Path resolve(Map<String, Object> params, Path folder) {
        return file(params, "path", folder);
    }

    @Override
    public String salt(Map<String, Object> params, Path folder) {
        return fileSalt(resolve(params, folder));
    }

    @Override
    public void checkFiles(Map<String, Object> params, Path folder) {
        Path file = resolve(params, folder);
        if (!Files.isRegularFile(file)) {
            throw new io.pipewright.pipeline.ParamException("path", file + (Files.isDirectory(file) ? ": is a folder, not a file" : ": no such file"));
        }
    }

    @Override
    public io.pipewright.pipeline.TableColumns columnsOut(Map<String, Object> params, Map<String, io.pipewright.pipeline.TableColumns> inputs,
                                                          Path folder, io.pipewright.pipeline.FileColumns files) {
        String path = text(params, "path");
        if (path == null || path.isBlank() || folder == null && !Path.of(path).isAbsolute()) {
            return io.pipewright.pipeline.TableColumns.UNKNOWN;
        }
        return files.of(Path.of(path).isAbsolute() ? Path.of(path) : resolve(params, folder), names(params, "na"));
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        Path file = resolve(context.params(), context.folder());
        if (!Files.exists(file)) {
            throw context.problem("params.path", file + ": no such file");
        }
        context.progress(0, "reading " + file.getFileName());
        var reader = DatasetReader.open(file).naTokens(context.columns("na"));
        TableLoader.Loaded loaded = TableLoader.read(reader);
        return Map.of("table", DataTable.read(loaded.table(), loaded.sha256()));
    }
}
