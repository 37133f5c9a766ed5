package io.pipewright.pipeline.nodes;

import io.pipewright.data.DatabaseSource;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.TableLoader;
import io.pipewright.data.lake.LayerReference;
import io.pipewright.ingest.ChangeCapture;
import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamException;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Captures a PostgreSQL table's changes into its change log (as {@code pipewright ingest cdc --once} does) and
 * passes on its Silver table: the table's current rows, caught up with every change committed before the node ran.
 */
final class IngestNode extends BaseNode implements PipelineRunner.CacheSalt {

    IngestNode() {
        super("ingest", "Data", "Captures a PostgreSQL table's changes (Debezium, pgoutput) into bronze/NAME (every change) and silver/NAME "
                        + "(the current rows by key), until every change committed before the run is in; outputs the Silver table. "
                        + "The first run reads the whole table; later runs read only what changed.",
                List.of(),
                List.of(PortSpec.required("table", PortType.TABLE, "the table's current rows (its Silver layer)")),
                List.of(ParamSpec.required("source", ParamSpec.Kind.STRING, "the database: jdbc:postgresql://HOST[:PORT]/DATABASE "
                                + "(wal_level=logical; a login that may replicate)"),
                        ParamSpec.required("table", ParamSpec.Kind.STRING, "the table to capture (schema.table or table)"),
                        ParamSpec.required("into", ParamSpec.Kind.STRING, "the change log: bronze/NAME, or NAME (its current rows go to silver/NAME)"),
                        ParamSpec.optional("credentials", ParamSpec.Kind.STRING, null, "the login's name: PIPEWRIGHT_DB_NAME_USER and _PASSWORD, "
                                + "or NAME.user and NAME.password in the home's secrets.properties"),
                        ParamSpec.optional("key", ParamSpec.Kind.COLUMNS, null, "the columns that identify a row (default: the primary key)")));
    }

    @Override
    public void checkParams(Map<String, Object> params) {
        source(params);
        name(params);
    }

    private static DatabaseSource source(Map<String, Object> params) {
        DatabaseSource source;
        try {
            source = new DatabaseSource(String.valueOf(params.get("source")), (String) params.get("table"), null, (String) params.get("credentials"));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new ParamException(message.startsWith("table ") ? "table" : message.startsWith("credentials ") ? "credentials" : "source", message);
        }
        if (!source.kind().equals("PostgreSQL")) {
            throw new ParamException("source", "change data capture reads PostgreSQL's write-ahead log, not " + source.kind());
        }
        return source;
    }

    private static String name(Map<String, Object> params) {
        try {
            return LayerReference.changeLog(String.valueOf(params.get("into")));
        } catch (IllegalArgumentException e) {
            throw new ParamException("into", e.getMessage());
        }
    }

    @Override
    public boolean runsOnCluster() {
        return false;
    }

    @Override
    public String notOnClusterReason() {
        return "its change log lives in the home's data folder, and the server image does not carry the capture engine; run "
                + "`pipewright ingest cdc --once` on a schedule where the home is, and let the pods read the table from the database";
    }

    /** The table changes between runs: the node always runs, and takes only what changed since its log's last batch. */
    @Override
    public String salt(Map<String, Object> params, Path folder) {
        return UUID.randomUUID().toString();
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        String name = name(context.params());
        List<String> key = context.has("key") ? context.columns("key") : List.of();
        var settings = new ChangeCapture.Settings(source(context.params()), context.environment().databaseCredentials(), context.environment().dataRoot(),
                name, key, true);
        context.progress(0, "capturing the changes of " + context.string("table"));
        ChangeCapture.Result result;
        try {
            result = new ChangeCapture(settings).run(status -> context.progress(status.snapshotDone() ? 0.5 : 0.2,
                    String.format(java.util.Locale.ROOT, "%,d change events (%,d this run)", status.events(), status.eventsThisRun())), () -> {
                        try {
                            context.checkCancelled();
                            return false;
                        } catch (RuntimeException cancelled) {
                            return true;
                        }
                    });
        } catch (ChangeCapture.Failed e) {
            throw context.problem("params.source", e.getMessage());
        } catch (NoClassDefFoundError e) {
            // the server jar leaves the capture engine out (the node is refused on a cluster for that reason)
            throw context.problem("type", "the ingest node runs from the desktop jar (pipewright.jar), which carries the capture engine; "
                    + "this one does not (" + e.getMessage() + ")");
        }
        context.checkCancelled();
        context.metric("events_captured", 0, result.eventsThisRun());
        context.progress(0.8, "reading silver/" + name);
        DatasetReader silver = DatasetReader.layer(new LayerReference(LayerReference.SILVER, name), context.environment().dataRoot());
        TableLoader.Loaded loaded = TableLoader.read(silver);
        return Map.of("table", DataTable.readLayer(loaded.table(), loaded.sha256(),
                new DataTable.LayerRead(LayerReference.SILVER + "/" + name, silver.formatLabel(), loaded.bytes())));
    }
}
