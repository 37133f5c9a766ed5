package io.pipewright.pipeline.nodes;

import io.pipewright.data.TableLoader;
import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.DatasetParams;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a dataset file (any format of the Data workspace) into a table. */
final class ReadNode extends BaseNode {
    private static final DatasetParams DATASET = new DatasetParams("path", "na");

    ReadNode() {
        super("read", "Data", "Reads a dataset: CSV, TSV (also .gz), JSON, JSON Lines, Parquet or ARFF.",
                List.of(),
                List.of(PortSpec.required("table", PortType.TABLE, "the dataset's rows")),
                List.of(ParamSpec.required("path", ParamSpec.Kind.PATH, "the file, relative to the pipeline file"),
                        ParamSpec.optional("na", ParamSpec.Kind.COLUMNS, null, "values that mean missing, besides empty fields (e.g. [NA, NULL])")));
    }

    @Override
    public Optional<DatasetParams> dataset() {
        return Optional.of(DATASET);
    }

    static Path resolve(Map<String, Object> params, Path folder) {
        return file(params, "path", folder);
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        Path file = resolve(context.params(), context.folder());
        if (!Files.exists(file)) {
            throw context.problem("params.path", file + ": no such file");
        }
        context.progress(0, "reading " + file.getFileName());
        TableLoader.Loaded loaded = TableLoader.read(DATASET.reader(file, context.params()));
        return Map.of("table", DataTable.read(loaded.table(), loaded.sha256()));
    }
}
