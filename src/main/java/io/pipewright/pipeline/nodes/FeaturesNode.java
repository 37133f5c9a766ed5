package io.pipewright.pipeline.nodes;

import io.pipewright.data.DatasetReader;
import io.pipewright.data.TableLoader;
import io.pipewright.data.lake.CsvCopy;
import io.pipewright.features.FeatureException;
import io.pipewright.features.FeatureView;
import io.pipewright.features.PointInTimeJoin;
import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamException;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tech.tablesaw.api.Table;

/**
 * Joins feature views onto its entity table point-in-time correctly (as {@code pipewright features join} does): each
 * row gets each view's latest values at or before its time, within the view's ttl. The model trained downstream
 * records the views, so a server with an online store fills them in from a request's entity keys alone.
 */
final class FeaturesNode extends BaseNode implements PipelineRunner.CacheSalt {

    FeaturesNode() {
        super("features", "Data", "Joins feature views (YAML files: entities, timestamp, source, features, ttl) onto the entity table, point-in-time "
                        + "correctly: each row gets each view's latest values at or before its time (the table's column named as the view's timestamp), "
                        + "never a later one. A model trained on the result reads its features from the online store when served.",
                List.of(PortSpec.required("table", PortType.TABLE, "the entity table: the views' key columns and timestamp columns")),
                List.of(PortSpec.required("table", PortType.TABLE, "the entity table with each view's features added")),
                List.of(ParamSpec.required("views", ParamSpec.Kind.STRING, "the feature view files, separated by commas, relative to the pipeline's folder")));
    }

    static List<Path> files(Map<String, Object> params, Path folder) {
        Object given = params.get("views");
        var names = new ArrayList<String>();
        if (given instanceof List<?> list) {
            list.forEach(item -> names.add(String.valueOf(item).strip()));
        } else if (given != null) {
            for (String part : String.valueOf(given).split(",")) {
                names.add(part.strip());
            }
        }
        names.removeIf(String::isEmpty);
        if (names.isEmpty()) {
            throw new ParamException("views", "name at least one feature view file");
        }
        var files = new ArrayList<Path>();
        for (String name : names) {
            Path file = Path.of(name);
            files.add(folder == null || file.isAbsolute() ? file : folder.resolve(file).normalize());
        }
        return files;
    }

    @Override
    public void checkParams(Map<String, Object> params) {
        files(params, null);
    }

    @Override
    public boolean runsOnCluster() {
        return false;
    }

    @Override
    public String notOnClusterReason() {
        return "it reads feature view files and their sources beside the pipeline, which an exported workflow does not carry to its pods; "
                + "join the views where the pipeline is (pipewright features join) and read the training set";
    }

    /**
     * The views' text and their source files' sizes and times: a changed view or source file is joined again. A view
     * reading a layer or a database is never taken from the cache.
     */
    @Override
    public String salt(Map<String, Object> params, Path folder) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files(params, folder)) {
                if (!Files.isRegularFile(file)) {
                    return UUID.randomUUID().toString();
                }
                digest.update(Files.readAllBytes(file));
                FeatureView view = FeatureView.read(file);
                if (view.source().file() == null || !Files.isRegularFile(view.source().file())) {
                    return UUID.randomUUID().toString();
                }
                Path source = view.source().file();
                digest.update((Files.size(source) + "@" + Files.getLastModifiedTime(source).toMillis()).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | RuntimeException | java.security.NoSuchAlgorithmException e) {
            return UUID.randomUUID().toString();
        }
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        DataTable input = context.input("table");
        var views = new ArrayList<FeatureView>();
        for (Path file : files(context.params(), context.folder())) {
            try {
                views.add(FeatureView.read(file));
            } catch (FeatureException e) {
                throw context.problem("params.views", e.getMessage());
            }
        }
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("pipewright-features-");
            Path entities = scratch.resolve("entities.csv");
            Table table = input.table();
            CsvCopy.write(table, entities);
            Path joined = scratch.resolve("joined.csv");
            PointInTimeJoin.Result result;
            try {
                result = PointInTimeJoin.join(DatasetReader.open(entities).naTokens(List.of("")), views, context.environment().dataRoot(),
                        context.environment().databaseCredentials(), joined, scratch, (done, message) -> {
                            context.checkCancelled();
                            context.progress(0.9 * done, message);
                        });
            } catch (FeatureException e) {
                throw context.problem("params.views", e.getMessage());
            }
            for (var view : result.views()) {
                context.metric(view.view() + ".matched", 0, view.matched());
                context.metric(view.view() + ".expired", 0, view.expired());
                context.metric(view.view() + ".missing", 0, view.missing());
            }
            context.progress(0.95, "loading " + result.rows() + " joined rows");
            Table loaded = TableLoader.load(DatasetReader.open(joined).naTokens(List.of("")));
            var origin = new ArrayList<>(input.origin());
            for (ModelArtifact.Input column : ModelArtifact.schema(loaded)) {
                if (origin.stream().noneMatch(known -> known.name().equals(column.name()))) {
                    origin.add(column);
                }
            }
            var lookups = new ArrayList<Step.Lookup.View>();
            for (FeatureView view : views) {
                lookups.add(new Step.Lookup.View(view.name(), view.entities(), view.timestamp(), view.featureNames()));
            }
            var steps = new ArrayList<>(input.steps());
            steps.add(new Step.Lookup(lookups));
            return Map.of("table", new DataTable(loaded.setName(table.name()), input.sources(), steps, origin, input.layers()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot join feature views: " + e.getMessage(), e);
        } finally {
            io.pipewright.work.ScratchFolders.delete(scratch);
        }
    }
}
