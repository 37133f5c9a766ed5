package io.pipewright.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.track.MlflowDatabase;
import io.pipewright.track.RunComparison;
import io.pipewright.track.RunFilter;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "runs", description = "The runs recorded in the store.", subcommands = {RunsCommand.ListRuns.class, RunsCommand.ShowRun.class,
        RunsCommand.CompareRuns.class, RunsCommand.ExportMlflow.class, RunsCommand.ImportMlflow.class})
final class RunsCommand implements Callable<Integer> {
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

    Store open() {
        return root.openStore();
    }

    /** A run as the --json outputs write it. */
    static Map<String, Object> describe(Runs runs, Runs.Run run) {
        var entry = new LinkedHashMap<String, Object>();
        entry.put("id", run.key());
        entry.put("experiment", run.experiment());
        entry.put("status", run.status());
        entry.put("start", run.startedAt().toString());
        entry.put("end", run.endedAt() == null ? null : run.endedAt().toString());
        entry.put("params", runs.params(run.id()));
        entry.put("metrics", runs.latestMetrics(run.id()));
        entry.put("tags", runs.tags(run.id()));
        return entry;
    }

    @Command(name = "list", description = {"List runs, newest first, or filtered and sorted:",
        "  --filter \"metrics.eval.roc_auc > 0.8 and params.train.algorithm = 'xgboost' and status = 'finished'\"",
        "  --order-by \"metrics.eval.roc_auc DESC\""})
    static final class ListRuns implements Callable<Integer> {
        @ParentCommand
        RunsCommand parent;

        @Option(names = "--experiment", paramLabel = "NAME", description = "Only this experiment's runs (a pipeline's name).")
        String experiment;

        @Option(names = "--filter", paramLabel = "EXPR", description = "A filter: metrics.K, params.K, tags.K, status, name, run_id, experiment, seed.")
        String filter;

        @Option(names = "--order-by", paramLabel = "KEY", description = "start_time (default), end_time, status, name, metrics.K or params.K; ASC or DESC.")
        String orderBy;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N runs (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Skip the first N runs (pages).")
        int offset;

        @Option(names = "--json", description = "Write the runs as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            RunFilter parsed;
            try {
                parsed = RunFilter.parse(filter);
            } catch (RunFilter.FilterException e) {
                throw new IllegalArgumentException("--filter: " + e.getMessage(), e);
            }
            PrintWriter out = parent.spec.commandLine().getOut();
            try (Store store = parent.open()) {
                var runs = new Runs(store, Clock.systemUTC());
                List<Runs.Run> page = runs.search(experiment, parsed, orderBy, Math.max(0, offset), Math.max(1, limit));
                if (json) {
                    var list = new ArrayList<Map<String, Object>>();
                    page.forEach(run -> list.add(describe(runs, run)));
                    out.println(JSON.writeValueAsString(list));
                    return Cli.OK;
                }
                out.printf(Locale.US, "%-26s %-20s %-9s %-20s %s%n", "run", "experiment", "status", "started", "metrics");
                for (Runs.Run run : page) {
                    var metrics = new StringBuilder();
                    runs.latestMetrics(run.id()).forEach((key, value) -> {
                        // the summary is the run's results: not curves, trials, system samples or each node's time and memory
                        if (!key.contains("valid_") && !key.startsWith("trial_") && !key.contains(".trial_") && !key.startsWith("system.")
                                && !key.endsWith(".node_seconds") && !key.endsWith(".node_peak_memory_bytes") && metrics.length() < 120) {
                            metrics.append(String.format(Locale.US, "%s=%.4g ", key, value));
                        }
                    });
                    out.printf(Locale.US, "%-26s %-20s %-9s %-20s %s%n", run.key(), run.experiment(), run.status(),
                            run.startedAt().toString().substring(0, 19).replace('T', ' '), metrics.toString().strip());
                }
                return Cli.OK;
            }
        }
    }

    @Command(name = "show", description = "Show one run: its params, latest metrics, tags, datasets and artifacts.")
    static final class ShowRun implements Callable<Integer> {
        @ParentCommand
        RunsCommand parent;

        @Parameters(paramLabel = "RUN_ID", description = "The run's id, as runs list and pipewright run print it.")
        String runId;

        @Option(names = "--json", description = "Write the run as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = parent.spec.commandLine().getOut();
            try (Store store = parent.open()) {
                var runs = new Runs(store, Clock.systemUTC());
                Runs.Run run = runs.find(runId).orElseThrow(() -> new IllegalArgumentException("no run '" + runId + "' in the store"));
                Map<String, Object> entry = describe(runs, run);
                entry.put("seed", run.seed());
                entry.put("pipelineSha256", run.pipelineSha256());
                entry.put("failure", run.failure());
                entry.put("datasets", runs.datasets(run.id()));
                entry.put("artifacts", runs.artifacts(run.id()));
                entry.put("children", runs.children(run.key()).size());
                if (json) {
                    out.println(JSON.writeValueAsString(entry));
                    return Cli.OK;
                }
                out.printf("%s  %s  %s  %s → %s%n", run.key(), run.experiment(), run.status(), run.startedAt(), run.endedAt());
                if (run.failure() != null) {
                    out.println("failure: " + run.failure());
                }
                for (String section : List.of("params", "metrics", "tags", "artifacts")) {
                    out.println(section + ":");
                    ((Map<?, ?>) entry.get(section)).forEach((key, value) -> out.println("  " + key + " = " + value));
                }
                out.println("datasets: " + String.join(", ", runs.datasets(run.id())));
                return Cli.OK;
            }
        }
    }

    @Command(name = "compare", description = {"Compare runs side by side: their params, latest metrics and tags, one row per key;",
        "rows whose values differ are marked with *."})
    static final class CompareRuns implements Callable<Integer> {
        /** Widest cell in the text table: a long param value would push every column off the screen. */
        private static final int CELL = 40;

        @ParentCommand
        RunsCommand parent;

        @Parameters(paramLabel = "RUN_ID", arity = "1..*", description = "Two or more runs, as runs list prints them.")
        List<String> runIds;

        @Option(names = "--diff-only", description = "Only the rows whose values differ between the runs.")
        boolean diffOnly;

        @Option(names = "--json", description = "Write the comparison as JSON.")
        boolean json;

        @Option(names = "--csv", paramLabel = "FILE", description = "Also write the rows as CSV: kind,key,<run>... (a metric's latest value).")
        java.nio.file.Path csv;

        @Override
        public Integer call() throws IOException {
            if (new java.util.LinkedHashSet<>(runIds).size() < 2) {
                throw new IllegalArgumentException("runs compare: give at least two different runs (got " + String.join(", ", runIds) + ")");
            }
            RunComparison comparison;
            try (Store store = parent.open()) {
                comparison = RunComparison.of(store, runIds);
            }
            if (diffOnly) {
                comparison = comparison.differencesOnly();
            }
            if (csv != null) {
                try {
                    java.nio.file.Files.writeString(csv, comparison.toCsv());
                } catch (IOException e) {
                    throw new IllegalArgumentException("--csv: cannot write " + csv + ": " + e.getMessage(), e);
                }
            }
            PrintWriter out = parent.spec.commandLine().getOut();
            if (json) {
                out.println(JSON.writeValueAsString(json(comparison)));
            } else {
                table(comparison, out);
            }
            return Cli.OK;
        }

        static Map<String, Object> json(RunComparison comparison) {
            var entry = new LinkedHashMap<String, Object>();
            var runs = new ArrayList<Map<String, Object>>();
            for (RunComparison.RunInfo run : comparison.runs()) {
                var described = new LinkedHashMap<String, Object>();
                described.put("id", run.key());
                described.put("experiment", run.experiment());
                described.put("name", run.name());
                described.put("status", run.status());
                described.put("start", run.start().toString());
                described.put("end", run.end() == null ? null : run.end().toString());
                runs.add(described);
            }
            entry.put("runs", runs);
            var differences = new ArrayList<String>();
            for (RunComparison.Kind kind : RunComparison.Kind.values()) {
                String section = kind.label() + "s";
                var rows = new LinkedHashMap<String, Object>();
                for (RunComparison.Row row : comparison.rows(kind)) {
                    var values = new LinkedHashMap<String, Object>();
                    for (int i = 0; i < comparison.runs().size(); i++) {
                        Object value = row.values().get(i);
                        if (value != null) {
                            // a metric that was not a number is null, as runs list writes it: a run without the key is left out
                            values.put(comparison.runs().get(i).key(), value instanceof Double number && !Double.isFinite(number) ? null : value);
                        }
                    }
                    rows.put(row.key(), values);
                    if (row.differs()) {
                        differences.add(section + "." + row.key());
                    }
                }
                entry.put(section, rows);
            }
            entry.put("differences", differences);
            return entry;
        }

        static void table(RunComparison comparison, PrintWriter out) {
            var lines = new ArrayList<List<String>>(); // first cell: the mark, then the key, then a cell per run
            var header = new ArrayList<>(List.of(" ", "run"));
            comparison.runs().forEach(run -> header.add(run.key()));
            lines.add(header);
            lines.add(runLine("experiment", comparison, RunComparison.RunInfo::experiment));
            lines.add(runLine("status", comparison, RunComparison.RunInfo::status));
            lines.add(runLine("duration", comparison, run -> run.duration() == null ? "" : seconds(run.duration())));
            for (RunComparison.Kind kind : RunComparison.Kind.values()) {
                var rows = comparison.rows(kind);
                if (rows.isEmpty()) {
                    continue;
                }
                lines.add(List.of(" ", kind.label() + "s:"));
                for (RunComparison.Row row : rows) {
                    var line = new ArrayList<>(List.of(row.differs() ? "*" : " ", "  " + row.key()));
                    row.values().forEach(value -> line.add(RunComparison.text(value)));
                    lines.add(line);
                }
            }
            int columns = 2 + comparison.runs().size();
            int[] widths = new int[columns];
            for (List<String> line : lines) {
                for (int i = 0; i < line.size(); i++) {
                    widths[i] = Math.max(widths[i], Math.min(i == 1 ? 2 * CELL : CELL, line.get(i).length()));
                }
            }
            for (List<String> line : lines) {
                var text = new StringBuilder();
                for (int i = 0; i < line.size(); i++) {
                    String cell = clip(line.get(i).replaceAll("\\s", " "), i == 1 ? 2 * CELL : CELL);
                    text.append(cell).append(" ".repeat(widths[i] - cell.length())).append(i == 0 ? " " : "  ");
                }
                out.println(text.toString().stripTrailing());
            }
        }

        private static List<String> runLine(String label, RunComparison comparison, java.util.function.Function<RunComparison.RunInfo, String> cell) {
            var line = new ArrayList<>(List.of(" ", label));
            comparison.runs().forEach(run -> line.add(String.valueOf(cell.apply(run))));
            return line;
        }

        private static String seconds(java.time.Duration duration) {
            return String.format(Locale.US, "%.1f s", duration.toMillis() / 1000.0);
        }

        private static String clip(String cell, int width) {
            return cell.length() <= width ? cell : cell.substring(0, width - 1) + "…";
        }
    }

    @Command(name = "export-mlflow", description = {"Write an experiment's runs into MLflow: its SQLite tracking database (--out mlflow.db or",
        "sqlite:///mlflow.db; created as MLflow 3.0 creates one, or added to one of MLflow 3.0 to 3.12) or its file-store layout",
        "(--out DIR; mlflow ui --backend-store-uri shows either)."})
    static final class ExportMlflow implements Callable<Integer> {
        @ParentCommand
        RunsCommand parent;

        @Option(names = "--experiment", required = true, paramLabel = "NAME", description = "The experiment (a pipeline's name).")
        String experiment;

        @Option(names = "--out", required = true, paramLabel = "DB|DIR", description = {"An MLflow SQLite database: sqlite:///PATH (as MLflow's",
            "--backend-store-uri names it), an existing file or a path ending in .db, .sqlite or .sqlite3; else a file-store folder."})
        String out;

        @Override
        public Integer call() {
            var database = MlflowDatabase.named(out);
            try (Store store = parent.open()) {
                var runs = new Runs(store, Clock.systemUTC());
                long id = runs.experimentId(experiment).orElseThrow(() -> new IllegalArgumentException("no experiment '" + experiment + "' in the store"));
                PrintWriter printed = parent.spec.commandLine().getOut();
                if (database.isPresent()) {
                    var exported = MlflowDatabase.export(runs, experiment, database.get());
                    printed.printf("%s: %d run(s) written to experiment %s of %s%s%s%n", experiment, exported.runs(), exported.experimentId(),
                            exported.file(), exported.created() ? " (a new MLflow 3.0 database)" : "",
                            exported.skipped().isEmpty() ? "" : "; " + exported.skipped().size() + " it had already were skipped");
                    return Cli.OK;
                }
                var folder = io.pipewright.track.MlflowFiles.export(runs, experiment, Long.toString(id), java.nio.file.Path.of(out));
                printed.printf("%s: %d run(s) written to %s%n", experiment, runs.all(experiment).size(), folder);
                return Cli.OK;
            }
        }
    }

    @Command(name = "import-mlflow", description = {"Read runs from MLflow into the store (runs it already has are skipped): from its SQLite",
        "tracking database (mlflow.db or sqlite:///mlflow.db, MLflow 3.0 to 3.12) or a file-store folder."})
    static final class ImportMlflow implements Callable<Integer> {
        @ParentCommand
        RunsCommand parent;

        @Parameters(paramLabel = "DB|DIR", description = {"An MLflow SQLite database (a file, or sqlite:///PATH as MLflow's --backend-store-uri",
            "names it) or a file-store folder (holding <experiment_id>/meta.yaml)."})
        String source;

        @Override
        public Integer call() {
            var database = MlflowDatabase.named(source);
            try (Store store = parent.open()) {
                var runs = new Runs(store, Clock.systemUTC());
                var imported = database.isPresent() ? MlflowDatabase.importFrom(runs, database.get())
                        : io.pipewright.track.MlflowFiles.importFrom(runs, java.nio.file.Path.of(source));
                parent.spec.commandLine().getOut().printf("%d run(s) imported into %s%s%n", imported.runs(), String.join(", ", imported.experiments()),
                        imported.skipped().isEmpty() ? "" : "; " + imported.skipped().size() + " already in the store were skipped");
                return Cli.OK;
            }
        }
    }
}
