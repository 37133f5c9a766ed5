package io.pipewright.pipeline.nodes;

import io.pipewright.data.lake.CsvCopy;
import io.pipewright.data.lake.LayerReference;
import io.pipewright.data.lake.Snapshots;
import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamException;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tech.tablesaw.api.Table;

/**
 * Keeps its table as the next version of a dataset in a layer of the home's data (as {@code pipewright datasets commit}
 * does), and passes the table on unchanged. A table equal to the dataset's newest version makes no new version.
 */
final class PublishNode extends BaseNode implements PipelineRunner.CacheSalt {

    PublishNode() {
        super("publish", "Data", "Keeps the table as the next version of a dataset in a layer (bronze, silver or gold) of the home's data: "
                        + "pipewright datasets log LAYER/NAME lists its versions and datasets checkout brings any back. Passes the table on.",
                List.of(PortSpec.required("table", PortType.TABLE, "the rows to keep")),
                List.of(PortSpec.required("table", PortType.TABLE, "the same rows")),
                List.of(ParamSpec.required("name", ParamSpec.Kind.STRING, "the dataset's name (lower-case letters, digits and _)"),
                        ParamSpec.choice("layer", "gold", Snapshots.LAYERS, "bronze (raw), silver (cleaned) or gold (ready for models)"),
                        ParamSpec.optional("key", ParamSpec.Kind.COLUMNS, null, "the columns that identify a row (datasets diff compares by them)"),
                        ParamSpec.optional("message", ParamSpec.Kind.STRING, null, "what the version is (default: the pipeline and node that made it)")));
    }

    @Override
    public void checkParams(Map<String, Object> params) {
        try {
            LayerReference.checkName(String.valueOf(params.get("name")));
        } catch (IllegalArgumentException e) {
            throw new ParamException("name", e.getMessage());
        }
    }

    @Override
    public boolean runsOnCluster() {
        return false;
    }

    @Override
    public String notOnClusterReason() {
        return "it keeps versions in the home's data folder, which the pods of an exported workflow do not have";
    }

    /** Each run publishes what it was given (an unchanged table makes no new version): never from the cache. */
    @Override
    public String salt(Map<String, Object> params, Path folder) {
        return UUID.randomUUID().toString();
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        DataTable input = context.input("table");
        Table table = input.table();
        String name = context.string("name");
        String layer = context.has("layer") ? context.string("layer") : LayerReference.GOLD;
        List<String> key = context.has("key") ? context.columns("key") : List.of();
        for (String column : key) {
            if (!table.columnNames().contains(column)) {
                throw context.problem("params.key", "the table has no column " + column);
            }
        }
        var snapshots = new Snapshots(context.environment().dataRoot());
        Path file = null;
        try {
            Path scratch = Files.createTempDirectory("pipewright-publish-");
            file = scratch.resolve(name + ".csv");
            context.progress(0.1, "writing " + table.rowCount() + " rows");
            CsvCopy.write(table, file);
            List<Snapshots.Version> earlier = snapshots.log(layer, name);
            String sha = io.pipewright.data.lake.ObjectStore.sha256(file);
            if (!earlier.isEmpty() && earlier.get(earlier.size() - 1).sha256().equals(sha)) {
                Snapshots.Version newest = earlier.get(earlier.size() - 1);
                context.progress(1, newest.reference() + " already holds these rows");
                context.metric("published_version", 0, newest.version());
                return Map.of("table", input);
            }
            context.progress(0.4, "committing " + layer + "/" + name);
            String message = context.has("message") ? context.string("message") : "published by node " + context.nodeId();
            // where the rows came from: this node of this run, and the layers' versions read upstream of it
            List<String> upstream = input.layers().stream().map(DataTable.LayerRead::reference).distinct().toList();
            var provenance = new Snapshots.Provenance("node " + context.nodeId(), context.environment().runKey(), upstream);
            Snapshots.Version version = snapshots.commit(file, layer, name, message, key, provenance, done -> { });
            context.metric("published_version", 0, version.version());
            context.progress(1, version.reference());
            return Map.of("table", input);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + layer + "/" + name + ": " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                    Files.deleteIfExists(file.getParent());
                } catch (IOException ignored) {
                    // a scratch file
                }
            }
        }
    }
}
