package io.pipewright.pipeline.nodes;

import io.pipewright.data.DatabaseSource;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.IncrementalRead;
import io.pipewright.data.TableLoader;
import io.pipewright.data.lake.LayerReference;
import io.pipewright.data.lake.LayerSource;
import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.DatasetParams;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamException;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a dataset file (any format of the Data workspace) into a table, or a database's table or query:
 * {@code path: jdbc:postgresql://HOST/DB} with {@code table:} or {@code query:}, logging in with the
 * {@code credentials:} it names (the password itself is never in the pipeline file).
 */
final class ReadNode extends BaseNode implements PipelineRunner.CacheSalt {
    private static final DatasetParams DATASET = new DatasetParams("path", "na");
    private static final List<String> DATABASE_PARAMS = List.of("table", "query", "credentials", "incremental");

    ReadNode() {
        super("read", "Data", "Reads a dataset: CSV, TSV (also .gz), JSON, JSON Lines, Parquet or ARFF, a captured table's Silver or Bronze layer, or a PostgreSQL or H2 table or query.",
                List.of(),
                List.of(PortSpec.required("table", PortType.TABLE, "the dataset's rows")),
                List.of(ParamSpec.required("path", ParamSpec.Kind.PATH, "the file, relative to the pipeline file; a captured table's layer "
                                + "in the home (silver/NAME, bronze/NAME); or a database: jdbc:postgresql://HOST[:PORT]/DATABASE or jdbc:h2:…"),
                        ParamSpec.optional("na", ParamSpec.Kind.COLUMNS, null, "values that mean missing, besides empty fields (e.g. [NA, NULL])"),
                        ParamSpec.optional("table", ParamSpec.Kind.STRING, null, "with a database: the table to read (schema.table or table)"),
                        ParamSpec.optional("query", ParamSpec.Kind.STRING, null, "with a database: the SELECT to read, instead of a table"),
                        ParamSpec.optional("credentials", ParamSpec.Kind.STRING, null, "with a database: the login's name: PIPEWRIGHT_DB_NAME_USER "
                                + "and _PASSWORD, or NAME.user and NAME.password in the home's secrets.properties"),
                        ParamSpec.optional("incremental", ParamSpec.Kind.MAP, null, "with a database: {column: updated_at} reads only the rows above "
                                + "the highest value the last finished run read (kept in the store per pipeline and source)")));
    }

    @Override
    public Optional<DatasetParams> dataset() {
        return Optional.of(DATASET);
    }

    static Path resolve(Map<String, Object> params, Path folder) {
        return file(params, "path", folder);
    }

    @Override
    public void checkParams(Map<String, Object> params) {
        if (DatabaseSource.isDatabase(String.valueOf(params.get("path")))) {
            source(params);
            incremental(params, null);
            return;
        }
        for (String param : DATABASE_PARAMS) {
            if (params.get(param) != null) {
                throw new ParamException(param, "reads a database (a path of jdbc:postgresql:// or jdbc:h2:), not a file");
            }
        }
    }

    /** The database source the parameters name; a wrong one is a {@link ParamException} naming the parameter at fault. */
    private static DatabaseSource source(Map<String, Object> params) {
        try {
            return new DatabaseSource((String) params.get("path"), (String) params.get("table"), (String) params.get("query"),
                    (String) params.get("credentials"));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String param = DATABASE_PARAMS.stream().filter(name -> message.startsWith(name + " ") || message.startsWith(name + ":")).findFirst()
                    .orElse(message.contains("name a table or a query") ? "table" : "path");
            throw new ParamException(param, message);
        }
    }

    /** The incremental read the parameters ask for, starting above {@code after}; null when they read every row. */
    private static IncrementalRead incremental(Map<String, Object> params, String after) {
        if (!(params.get("incremental") instanceof Map<?, ?> incremental)) {
            return null;
        }
        for (Object key : incremental.keySet()) {
            if (!"column".equals(key)) {
                throw new ParamException("incremental", "unknown key '" + key + "' (incremental: {column: NAME})");
            }
        }
        try {
            return new IncrementalRead(incremental.get("column") == null ? null : String.valueOf(incremental.get("column")), after);
        } catch (IllegalArgumentException e) {
            throw new ParamException("incremental", e.getMessage());
        }
    }

    /** A database's rows, and a captured table's layers, may have changed since the last run: a read of one is never taken from the cache. */
    @Override
    public String salt(Map<String, Object> params, Path folder) {
        String path = String.valueOf(params.get("path"));
        boolean layer = LayerReference.looksLikeOne(path) && !Files.exists(file(params, "path", folder));
        return DatabaseSource.isDatabase(path) || layer ? UUID.randomUUID().toString() : "";
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        if (DatabaseSource.isDatabase(context.string("path"))) {
            DatabaseSource source = source(context.params());
            DatasetReader reader = DatasetReader.database(source, context.environment().databaseCredentials()).naTokens(DATASET.na(context.params()));
            IncrementalRead incremental = incremental(context.params(), null);
            if (incremental != null) {
                String after = context.environment().watermark(source.location(), incremental.column()).orElse(null);
                incremental = new IncrementalRead(incremental.column(), after);
                reader.incremental(incremental);
                context.progress(0, "reading " + source.name() + (after == null ? " (every row)" : " (rows with " + incremental.column() + " above " + after + ")"));
            } else {
                context.progress(0, "reading " + source.name());
            }
            TableLoader.Loaded loaded = TableLoader.read(reader);
            // how many rows this run took, with the run's metrics: what an incremental read's runs are told apart by
            context.metric("rows_read", 0, loaded.table().rowCount());
            if (incremental != null && incremental.highest() != null) {
                context.environment().reached(source.location(), incremental.column(), incremental.highest());
            }
            return Map.of("table", DataTable.read(loaded.table(), loaded.sha256()));
        }
        Path file = resolve(context.params(), context.folder());
        if (!Files.exists(file) && LayerReference.looksLikeOne(context.string("path"))) {
            // the newest version is named by its number: what the run records it read, and what a version published downstream came from
            LayerReference layer = LayerSource.pinned(LayerReference.parse(context.string("path")), context.environment().dataRoot());
            context.progress(0, "reading " + layer);
            DatasetReader reader = DatasetReader.layer(layer, context.environment().dataRoot()).naTokens(DATASET.na(context.params()));
            TableLoader.Loaded loaded = TableLoader.read(reader);
            context.metric("rows_read", 0, loaded.table().rowCount());
            return Map.of("table", DataTable.readLayer(loaded.table(), loaded.sha256(),
                    new DataTable.LayerRead(layer.toString(), reader.formatLabel(), loaded.bytes())));
        }
        if (!Files.exists(file)) {
            throw context.problem("params.path", file + ": no such file");
        }
        context.progress(0, "reading " + file.getFileName());
        TableLoader.Loaded loaded = TableLoader.read(DATASET.reader(file, context.params()));
        return Map.of("table", DataTable.read(loaded.table(), loaded.sha256()));
    }
}
