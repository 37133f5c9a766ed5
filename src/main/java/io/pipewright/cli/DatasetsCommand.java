package io.pipewright.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.track.DatasetVersion;
import io.pipewright.track.DatasetVersions;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.SchemaColumn;
import io.pipewright.track.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "datasets", description = "Dataset versions and lineage (every file profiled or read by a pipeline; which runs and models used them), and datasets kept by version in layers (commit, checkout, log, diff, gc).",
        subcommands = {DatasetsCommand.ListVersions.class, DatasetsCommand.ShowVersion.class, DatasetsCommand.ModelLineage.class,
                DatasetSnapshotCommands.Commit.class, DatasetSnapshotCommands.Checkout.class, DatasetSnapshotCommands.Log.class,
                DatasetSnapshotCommands.Diff.class, DatasetSnapshotCommands.Gc.class})
final class DatasetsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    PipewrightCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Cli.OK;
    }

    <T> T withVersions(Function<Store, T> work) {
        try (Store store = root.openStore()) {
            return work.apply(store);
        }
    }

    static Map<String, Object> facts(DatasetVersion version) {
        var entry = new LinkedHashMap<String, Object>();
        entry.put("id", version.id());
        entry.put("path", version.path());
        entry.put("format", version.format());
        entry.put("rows", version.rows());
        entry.put("columns", version.columns());
        entry.put("sizeBytes", version.sizeBytes());
        entry.put("sha256", version.sha256());
        entry.put("created", version.createdAt().toString());
        entry.put("profiled", version.profiledAt() == null ? null : version.profiledAt().toString());
        entry.put("readBy", version.readBy());
        entry.put("runs", version.runs());
        return entry;
    }

    static Map<String, Object> run(DatasetVersions.RunUse run) {
        var entry = new LinkedHashMap<String, Object>();
        entry.put("run", run.runKey());
        entry.put("name", run.name());
        entry.put("experiment", run.experiment());
        entry.put("status", run.status());
        entry.put("started", run.startedAt().toString());
        if (run.nodeId() != null) {
            entry.put("node", run.nodeId());
        }
        entry.put("models", run.models().stream().map(model -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("name", model.name());
            m.put("version", model.version());
            m.put("aliases", model.aliases());
            return m;
        }).toList());
        return entry;
    }

    static String time(Instant at) {
        return at.toString().substring(0, 19).replace('T', ' ');
    }

    static String size(long bytes) {
        return io.pipewright.work.ByteSizes.human(bytes);
    }

    static String shortSha(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) : sha256;
    }

    static String models(List<DatasetVersions.ModelUse> models) {
        return models.stream().map(model -> model.reference() + (model.aliases().isEmpty() ? "" : " (" + String.join(", ", model.aliases()) + ")"))
                .reduce((a, b) -> a + ", " + b).orElse("no model registered");
    }

    @Command(name = "list", description = "List the dataset versions, newest first, with the number of runs that read each.")
    static final class ListVersions implements Callable<Integer> {
        @ParentCommand
        DatasetsCommand parent;

        @Option(names = "--json", description = "Write them as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = parent.spec.commandLine().getOut();
            List<DatasetVersion> versions = parent.withVersions(store -> new DatasetVersions(store).list());
            if (json) {
                out.println(JSON.writeValueAsString(versions.stream().map(DatasetsCommand::facts).toList()));
                return Cli.OK;
            }
            if (versions.isEmpty()) {
                out.println("No dataset versions yet: pipewright profile FILE or pipewright run PIPELINE records them.");
                return Cli.OK;
            }
            out.printf(Locale.US, "%5s  %-12s  %10s  %7s  %9s  %-19s  %4s  %s%n", "id", "sha256", "rows", "columns", "size", "created", "runs", "path");
            for (DatasetVersion version : versions) {
                out.printf(Locale.US, "%5d  %-12s  %10d  %7d  %9s  %-19s  %4d  %s%n", version.id(), shortSha(version.sha256()), version.rows(),
                        version.columns(), size(version.sizeBytes()), time(version.createdAt()), version.runs(), version.path());
            }
            return Cli.OK;
        }
    }

    @Command(name = "show", description = "Show a dataset version (by id, or the newest at a path): its schema, its path's history, and the runs "
            + "and model versions that used it.")
    static final class ShowVersion implements Callable<Integer> {
        @ParentCommand
        DatasetsCommand parent;

        @Parameters(paramLabel = "ID|PATH", description = "A version's id (as datasets list shows it), or a file's path (its newest version).")
        String reference;

        @Option(names = "--json", description = "Write it as JSON.")
        boolean json;

        private record Shown(DatasetVersion version, List<SchemaColumn> schema, List<DatasetVersion> history, List<DatasetVersions.RunUse> runs) {
        }

        @Override
        public Integer call() throws IOException {
            PrintWriter out = parent.spec.commandLine().getOut();
            Shown shown = parent.withVersions(store -> {
                var versions = new DatasetVersions(store);
                DatasetVersion version;
                if (reference.matches("\\d{1,18}")) {
                    version = versions.find(Long.parseLong(reference))
                            .orElseThrow(() -> new IllegalArgumentException("no dataset version " + reference + " (pipewright datasets list shows them)"));
                } else {
                    String path = Path.of(reference).toAbsolutePath().normalize().toString();
                    version = versions.latest(path)
                            .orElseThrow(() -> new IllegalArgumentException("no dataset version of " + path + " (pipewright datasets list shows them)"));
                }
                return new Shown(version, versions.schema(version.id()), versions.history(version.path()), versions.runsUsing(version.sha256()));
            });
            DatasetVersion version = shown.version();
            if (json) {
                var entry = facts(version);
                entry.put("hasProfile", version.hasProfile());
                entry.put("schema", shown.schema());
                entry.put("history", shown.history().stream().map(other -> {
                    var item = new LinkedHashMap<String, Object>();
                    item.put("id", other.id());
                    item.put("sha256", other.sha256());
                    item.put("rows", other.rows());
                    item.put("columns", other.columns());
                    item.put("sizeBytes", other.sizeBytes());
                    item.put("created", other.createdAt().toString());
                    item.put("runs", other.runs());
                    item.put("current", other.id() == version.id());
                    return item;
                }).toList());
                entry.put("usedBy", shown.runs().stream().map(DatasetsCommand::run).toList());
                out.println(JSON.writeValueAsString(entry));
                return Cli.OK;
            }
            out.printf("dataset version %d: %s%n", version.id(), version.path());
            out.printf(Locale.US, "  format %s, %d rows × %d columns, %s, sha256 %s%n", version.format(), version.rows(), version.columns(),
                    size(version.sizeBytes()), version.sha256());
            out.printf("  recorded %s%s; %s%n", time(version.createdAt()), version.readBy() == null ? "" : " (first read by " + version.readBy() + ")",
                    version.hasProfile() ? "profiled " + time(version.profiledAt()) : "no profile");
            out.println("schema:");
            if (shown.schema().isEmpty()) {
                out.println("  (not recorded)");
            }
            for (SchemaColumn column : shown.schema()) {
                out.printf("  %s  %s%n", column.name(), column.type() == null ? "" : column.type());
            }
            out.println("history of this path (newest first):");
            for (DatasetVersion other : shown.history()) {
                out.printf(Locale.US, "  %s %5d  %s  %-12s  %d rows  %d run(s)%n", other.id() == version.id() ? "*" : " ", other.id(),
                        time(other.createdAt()), shortSha(other.sha256()), other.rows(), other.runs());
            }
            out.println("used by:");
            if (shown.runs().isEmpty()) {
                out.println("  no run");
            }
            for (DatasetVersions.RunUse run : shown.runs()) {
                out.printf("  run %s  %s  %s  %s  node %s  → %s%n", run.runKey(), run.experiment(), run.status(), time(run.startedAt()), run.nodeId(),
                        models(run.models()));
            }
            return Cli.OK;
        }
    }

    @Command(name = "lineage", description = "Show a model version's chain back to its data: model version → run → the dataset versions it read.")
    static final class ModelLineage implements Callable<Integer> {
        @ParentCommand
        DatasetsCommand parent;

        @Parameters(paramLabel = "MODEL", description = "NAME:VERSION, NAME@ALIAS or NAME (its latest version).")
        String reference;

        @Option(names = "--json", description = "Write it as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = parent.spec.commandLine().getOut();
            DatasetVersions.Lineage lineage = parent.withVersions(store -> {
                ModelRegistry.Version version = new ModelRegistry(store, java.time.Clock.systemUTC()).find(reference)
                        .orElseThrow(() -> new IllegalArgumentException("no registered model version " + reference));
                return new DatasetVersions(store).modelLineage(version.name(), version.version())
                        .orElseThrow(() -> new IllegalArgumentException("no registered model version " + reference));
            });
            ModelRegistry.Version model = lineage.model();
            if (json) {
                var entry = new LinkedHashMap<String, Object>();
                var m = new LinkedHashMap<String, Object>();
                m.put("name", model.name());
                m.put("version", model.version());
                m.put("aliases", model.aliases());
                m.put("artifact", model.artifactPath());
                m.put("sha256", model.sha256());
                m.put("created", model.createdAt().toString());
                entry.put("model", m);
                entry.put("run", lineage.run() == null ? null : run(lineage.run()));
                entry.put("datasets", lineage.datasets().stream().map(use -> {
                    var item = new LinkedHashMap<String, Object>();
                    item.put("node", use.nodeId());
                    item.put("sha256", use.sha256());
                    item.put("version", use.version() == null ? null : facts(use.version()));
                    item.put("history", use.history().stream().map(DatasetsCommand::facts).toList());
                    return item;
                }).toList());
                out.println(JSON.writeValueAsString(entry));
                return Cli.OK;
            }
            out.printf("model %s:%d%s  created %s%n", model.name(), model.version(),
                    model.aliases().isEmpty() ? "" : " (" + String.join(", ", model.aliases()) + ")", time(model.createdAt()));
            if (lineage.run() == null) {
                out.println("  ← no recorded run" + (model.runKey() == null ? "" : " (" + model.runKey() + " is not in this store)"));
                return Cli.OK;
            }
            var run = lineage.run();
            out.printf("  ← run %s  experiment %s  %s  started %s%n", run.runKey(), run.experiment(), run.status(), time(run.startedAt()));
            if (lineage.datasets().isEmpty()) {
                out.println("    ← no dataset recorded");
            }
            for (DatasetVersions.DataUse use : lineage.datasets()) {
                DatasetVersion data = use.version();
                if (data == null) {
                    out.printf("    ← node %s: sha256 %s (no dataset version recorded)%n", use.nodeId(), shortSha(use.sha256()));
                    continue;
                }
                out.printf(Locale.US, "    ← node %s: dataset version %d  %s  %d rows × %d columns  sha256 %s%n", use.nodeId(), data.id(), data.path(),
                        data.rows(), data.columns(), shortSha(data.sha256()));
                if (use.history().size() > 1) {
                    out.printf("      history of this path: %s%n", use.history().stream()
                            .map(other -> other.id() + (other.id() == data.id() ? " (this)" : "") + " " + time(other.createdAt()))
                            .reduce((a, b) -> a + ", " + b).orElse(""));
                }
            }
            return Cli.OK;
        }
    }
}
