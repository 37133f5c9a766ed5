package io.pipewright.loop;

import io.pipewright.data.DatasetReader;
import io.pipewright.data.TableLoader;
import io.pipewright.pipeline.ModelRegistration;
import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.NodeType;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.pipeline.PipelineValidator;
import io.pipewright.pipeline.RecordedRun;
import io.pipewright.pipeline.RunListener;
import io.pipewright.pipeline.nodes.Evaluations;
import io.pipewright.track.DatasetVersions;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Runs;
import io.pipewright.track.SchemaColumn;
import io.pipewright.track.Store;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.TrainedModel;
import io.pipewright.work.Progress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tech.tablesaw.api.Table;

/**
 * Retrains by running a pipeline file as {@code pipewright run} would, on the monitor's data: the rows
 * of {@link RetrainingData} are written under the home's {@code artifacts/retraining/} folder and the
 * pipeline's read node that reads the reference file (or its only read node) reads them instead. Every
 * node that registers its model ({@link NodeType#registersModel()}) is rewritten to record the monitored
 * model's next version without an alias (and without its gates), and that version is then named
 * {@code challenger}: whatever alias the file names (champion included) is not moved, so retraining alone
 * never moves the champion. The run's lineage lists every file the data
 * was built from, by fingerprint, and the challenger is evaluated on the new data's holdout and on the
 * champion's test data ({@link ChampionTestData}); both are recorded on the run as metrics
 * {@code holdout.*} and {@code champion_test.*}.
 */
public final class PipelineRetrainer implements MonitorRunner.Retrainer {
    /** Metric prefixes on the retraining run. */
    public static final String HOLDOUT = "holdout.";
    public static final String CHAMPION_TEST = "champion_test.";

    private final Store store;
    private final Path artifacts;
    private final String version;
    private final Consumer<String> warnings;
    private final Path dataRoot;
    private final io.pipewright.data.DatabaseCredentials credentials;

    /**
     * A retrainer whose runs read layer datasets ({@code gold/NAME}, captured tables) from {@code dataRoot} (a {@code --data}
     * folder) and log in to database sources with {@code credentials} (those of the home a command names).
     */
    public PipelineRetrainer(Store store, Path artifacts, String pipewrightVersion, Consumer<String> warnings, Path dataRoot,
                             io.pipewright.data.DatabaseCredentials credentials) {
        this.store = store;
        this.artifacts = artifacts;
        this.version = pipewrightVersion;
        this.warnings = warnings;
        this.dataRoot = dataRoot;
        this.credentials = credentials;
    }

    /** Runs the pipeline on its own data, registering its model as {@code model}@challenger (no monitor data, no holdout). */
    public MonitorRunner.Retrained retrain(Path file, String model, Progress progress) {
        Pipeline pipeline = load(file, model);
        RecordedRun.Outcome outcome = run(pipeline, file, model, "pipeline", progress);
        if (outcome.result().status() != PipelineRunner.Status.FINISHED) {
            return new MonitorRunner.Retrained(outcome.runId(), false, null, outcome.result().failure());
        }
        return challenger(model, outcome).map(found -> new MonitorRunner.Retrained(outcome.runId(), true, found.name() + ":" + found.version(), null))
                .orElseGet(() -> new MonitorRunner.Retrained(outcome.runId(), true, null, "the run registered no version of " + model));
    }

    private RecordedRun.Outcome run(Pipeline pipeline, Path file, String model, String data, Progress progress) {
        var tags = new LinkedHashMap<String, String>();
        tags.put("monitor.retrain", model);
        tags.put("monitor.retrain.data", data);
        var setting = new RecordedRun.Setting(store, artifacts, version, tags, Math.max(1, Runtime.getRuntime().availableProcessors()), null,
                credentials, dataRoot);
        return RecordedRun.run(pipeline, file.getFileName().toString(), null, pipeline.document().seedOrDefault(), setting, RunListener.NONE,
                progress, warnings);
    }

    /** The version the run registered (its last, when it has several register nodes), now named challenger. */
    private java.util.Optional<ModelRegistry.Version> challenger(String model, RecordedRun.Outcome outcome) {
        var registry = new ModelRegistry(store, Clock.systemUTC());
        return registry.versions(model).stream().filter(found -> outcome.runId().equals(found.runKey()))
                .max(java.util.Comparator.comparingInt(ModelRegistry.Version::version))
                .map(found -> registry.setAlias(model, MonitorRunner.CHALLENGER, found.version(), "monitor"));
    }

    @Override
    public MonitorRunner.Retrained retrain(Path file, String model, RetrainingData.Plan plan, Progress progress) {
        Pipeline loaded = load(file, model);
        String reader = ChampionTestData.readNode(loaded, plan.reference());
        long seed = loaded.document().seedOrDefault();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        Path folder = artifacts.resolve("retraining").resolve(model.replaceAll("[^A-Za-z0-9._-]", "_")).resolve(stamp);
        // the champion's test rows first: they are left out of training, so the challenger is scored on rows it never saw
        Table championTest = ChampionTestData.table(loaded, reader, plan.reference(), seed, progress).orElse(null);
        RetrainingData data = RetrainingData.build(plan, seed, folder, championTest);

        PipelineDocument document = loaded.document().withNode(loaded.node(reader).withParam(loaded.types().get(reader).dataset().orElseThrow().path(),
                data.training().toString()));
        document = learnFromTheChampionsInputs(document, data.training(), plan);
        Pipeline pipeline = new PipelineValidator(NodeCatalog.standard()).validate(document, loaded.folder(), file.getFileName().toString());
        RecordedRun.Outcome outcome = run(pipeline, file, model, plan.mode(), progress);
        var runs = new Runs(store, Clock.systemUTC());
        Runs.Run run = runs.find(outcome.runId()).orElse(null);
        if (run != null) {
            recordSources(runs, run, reader, data);
        }
        if (outcome.result().status() != PipelineRunner.Status.FINISHED) {
            return new MonitorRunner.Retrained(outcome.runId(), false, null, outcome.result().failure(), data, Map.of(), Map.of(), null);
        }
        var registered = challenger(model, outcome);
        if (registered.isEmpty()) {
            return new MonitorRunner.Retrained(outcome.runId(), true, null, "the run registered no version of " + model, data, Map.of(), Map.of(),
                    null);
        }
        progress.update(2, 3, "evaluating the challenger on the new data's holdout and the champion's test data");
        TrainedModel challenger = ModelArtifact.read(Path.of(registered.get().artifactPath())).model();
        Map<String, Double> holdout = Map.of();
        if (data.holdoutRows() > 0) {
            Table rows = TableLoader.read(DatasetReader.open(data.holdout())).table();
            holdout = Evaluations.onRawRows(challenger, rows, seed).metrics();
            // the rows kept with the version for a later `models promote` are the new data's holdout, which neither the champion nor
            // the challenger trained on (the pipeline's own test split of the merged data holds reference rows the champion learned from)
            io.pipewright.pipeline.gate.StoredHoldout.write(Path.of(registered.get().artifactPath()), io.pipewright.pipeline.gate.Holdout.raw(rows,
                    "the new data's holdout of a monitor's retraining (" + rows.rowCount() + " rows)"), gates(file));
        }
        Map<String, Double> championMetrics = championTest == null ? Map.of() : Evaluations.onRawRows(challenger, championTest, seed).metrics();
        if (run != null) {
            holdout.forEach((key, value) -> runs.metric(run.id(), HOLDOUT + key, 0, value));
            championMetrics.forEach((key, value) -> runs.metric(run.id(), CHAMPION_TEST + key, 0, value));
            runs.flush();
        }
        return new MonitorRunner.Retrained(outcome.runId(), true, registered.get().name() + ":" + registered.get().version(), null, data, holdout,
                championMetrics, championTest == null ? null : (long) championTest.rowCount());
    }

    /** Ties the run to every file its training data was built from, each recorded as a dataset version read by a pipeline. */
    private void recordSources(Runs runs, Runs.Run run, String reader, RetrainingData data) {
        var versions = new DatasetVersions(store);
        for (RetrainingData.Source source : data.sources()) {
            try {
                versions.recordRead(source.path().toString(), source.format(), source.bytes(), source.sha256(), source.rows(),
                        source.schema().stream().map(input -> new SchemaColumn(input.name(), input.type())).toList(), DatasetVersions.PIPELINE,
                        java.time.Instant.now());
                runs.dataset(run.id(), reader, source.sha256());
            } catch (RuntimeException e) {
                warnings.accept("the dataset version of " + source.path().getFileName() + " was not recorded with run " + run.key() + ": "
                        + e.getMessage());
            }
        }
    }

    @Override
    public void check(Path pipeline, String model, Path reference) {
        ChampionTestData.readNode(load(pipeline, model), reference);
    }

    /** The pipeline with its register nodes pointed at {@code model}@challenger; a pipeline without one cannot retrain. */
    /**
     * Every node that learns from the columns it is given (its {@code exclude} parameter) leaves out the training table's columns
     * the champion does not read: merged data can change what a column looks like (identifiers repeated across files are no longer
     * all different), and a challenger that reads another column could not be served beside the champion or swapped in for it.
     */
    static PipelineDocument learnFromTheChampionsInputs(PipelineDocument document, Path training, RetrainingData.Plan plan) {
        if (plan.inputs().isEmpty()) {
            return document;
        }
        List<String> header;
        try (var lines = java.nio.file.Files.lines(training)) {
            header = lines.findFirst().map(PipelineRetrainer::cells).orElse(List.of());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + training + ": " + e.getMessage(), e);
        }
        var unread = new ArrayList<String>();
        for (String column : header) {
            if (!column.equals(plan.target()) && !plan.inputs().contains(column)) {
                unread.add(column);
            }
        }
        if (unread.isEmpty()) {
            return document;
        }
        NodeCatalog catalog = NodeCatalog.standard();
        for (PipelineDocument.Node node : document.nodes()) {
            boolean learns = catalog.find(node.type()).map(type -> type.params().stream().anyMatch(param -> param.name().equals("exclude")))
                    .orElse(false);
            if (learns) {
                var exclude = new java.util.LinkedHashSet<String>();
                if (node.params().get("exclude") instanceof java.util.Collection<?> given) {
                    given.forEach(value -> exclude.add(String.valueOf(value)));
                }
                exclude.addAll(unread);
                document = document.withNode(node.withParam("exclude", new ArrayList<>(exclude)));
            }
        }
        return document;
    }

    /** The cells of one CSV line as {@link RetrainingData} writes it (RFC 4180 quoting). */
    static List<String> cells(String line) {
        var cells = new ArrayList<String>();
        var cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /** The gates the pipeline file's register node names (the retraining run itself registers without them). */
    private static io.pipewright.pipeline.gate.GateSettings gates(Path file) {
        for (PipelineDocument.Node node : PipelineFiles.read(file).nodes()) {
            if (NodeCatalog.standard().find(node.type()).flatMap(NodeType::registersModel).isPresent() && node.params().get("gates") instanceof Map<?, ?> given) {
                @SuppressWarnings("unchecked")
                Map<String, ?> settings = (Map<String, ?>) given;
                return io.pipewright.pipeline.gate.GateSettings.fromMap(settings);
            }
        }
        return io.pipewright.pipeline.gate.GateSettings.DEFAULTS;
    }

    static Pipeline load(Path file, String model) {
        NodeCatalog catalog = NodeCatalog.standard();
        PipelineDocument document = PipelineFiles.read(file);
        boolean registers = false;
        for (PipelineDocument.Node node : document.nodes()) {
            ModelRegistration registration = catalog.find(node.type()).flatMap(NodeType::registersModel).orElse(null);
            if (registration != null) {
                // registered without an alias: the retrainer names the new version challenger itself, past no gate (the
                // challenger is the candidate under evaluation; the gates guard the alias a monitor's promote section moves)
                var params = new java.util.LinkedHashMap<>(node.withParam(registration.name(), model).params());
                if (registration.alias() != null) {
                    params.remove(registration.alias());
                    params.remove("gates");
                }
                document = document.withNode(new PipelineDocument.Node(node.id(), node.type(), node.inputs(), params, node.layout()));
                registers = true;
            }
        }
        if (!registers) {
            throw new IllegalArgumentException(file.getFileName() + ": the pipeline has no register node, so a retrained model would not be recorded");
        }
        return new PipelineValidator(catalog).validate(document, file.toAbsolutePath().getParent(), file.getFileName().toString());
    }
}
