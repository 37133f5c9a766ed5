package io.pipewright.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.home.BuildInfo;
import io.pipewright.loop.MonitorDrift;
import io.pipewright.loop.MonitorRunner;
import io.pipewright.loop.PipelineRetrainer;
import io.pipewright.track.MonitorChecks;
import io.pipewright.track.Store;
import io.pipewright.work.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "monitor", description = "Monitors: evaluate a monitor file once (for cron or a Kubernetes CronJob), list monitors, show a history.",
        subcommands = {MonitorCommand.RunMonitor.class, MonitorCommand.ListMonitors.class, MonitorCommand.History.class})
final class MonitorCommand implements Callable<Integer> {
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

    @Command(name = "run", description = {"Evaluate MONITOR.yaml once: compare the newest data with the model version's reference (drift share, PSI),",
        "score the model on it when it is labelled, record the result, and when a threshold is crossed re-run the retraining pipeline,",
        "whose new version becomes the model's challenger (the champion is never moved).",
        "Exit 0 when evaluated (crossed or not, retrained), 1 when retraining failed, 2 on bad input."})
    static final class RunMonitor implements Callable<Integer> {
        @ParentCommand
        MonitorCommand parent;

        @Parameters(paramLabel = "MONITOR.yaml", description = "The monitor file.")
        Path file;

        @Option(names = "--json", paramLabel = "OUT", description = "Write the check as JSON to OUT ('-' for stdout).")
        String json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = parent.spec.commandLine().getOut();
            PrintWriter err = parent.spec.commandLine().getErr();
            MonitorChecks.Check check;
            try (Store store = parent.root.openStore()) {
                var retrainer = new PipelineRetrainer(store, parent.root.home().create().artifacts(), BuildInfo.load().version(),
                        warning -> err.println("pipewright: warning: " + Cli.oneLine(warning)), parent.root.home().data(),
                        new io.pipewright.data.DatabaseCredentials(parent.root.environment(), parent.root.home().secretsFile()));
                var progress = new Progress() {
                    private String last;

                    @Override
                    public boolean isCancelled() {
                        return false;
                    }

                    @Override
                    public void update(long done, long total, String message) {
                        if (message != null && !message.equals(last) && total == 3) {
                            last = message;
                            err.println("  … " + message);
                            err.flush();
                        }
                    }
                };
                check = new MonitorRunner(store, MonitorDrift.check(), retrainer, Clock.systemUTC()).run(file, progress);
            }
            if (json != null) {
                String text = JSON.writeValueAsString(describe(check));
                if (json.equals("-")) {
                    out.println(text);
                } else {
                    try {
                        Files.writeString(Path.of(json), text + "\n");
                    } catch (IOException e) {
                        throw new IllegalArgumentException("--json " + json + ": cannot write: " + e.getMessage(), e);
                    }
                }
            }
            if (json == null || !json.equals("-")) {
                print(out, check);
            }
            return check.status().equals("retrain_failed") ? Cli.FAILED : Cli.OK;
        }
    }

    static void print(PrintWriter out, MonitorChecks.Check check) {
        out.printf(Locale.ROOT, "%s: %s (model %s:%d, check %d)%n", check.monitor(), check.status(), check.model(), check.modelVersion(), check.id());
        out.printf(Locale.ROOT, "  new data: %s (%s rows)%n", check.currentPath(), check.currentRows() == null ? "?" : check.currentRows());
        out.printf(Locale.ROOT, "  drift: share %s, dataset drift %s, largest PSI %s%n", fixed(check.driftShare(), "%.2f"),
                check.datasetDrift() == null ? "–" : check.datasetDrift() ? "yes" : "no",
                check.maxPsi() == null ? "–" : String.format(Locale.ROOT, "%.3f (%s)", check.maxPsi(), check.maxPsiColumn()));
        if (check.metric() != null) {
            out.printf(Locale.ROOT, "  %s: recorded %s, on the new data %s%s%n", check.metric(), fixed(check.metricBaseline(), "%.4f"),
                    check.metricValue() == null ? "not measured (no labels)" : fixed(check.metricValue(), "%.4f"),
                    check.metricDrop() == null ? "" : String.format(Locale.ROOT, " (drop %.1f %%)", check.metricDrop() * 100));
        }
        check.reasons().forEach(reason -> out.println("  crossed: " + reason));
        if (check.challenger() != null) {
            out.println("  retrained: run " + check.retrainRun() + " registered " + check.challenger() + " as challenger");
        }
        if (check.failure() != null) {
            out.println("  retraining failed: " + Cli.oneLine(check.failure()));
        }
        printRetraining(out, check.retraining());
        if (check.promotion() != null) {
            out.println("  promotion (" + check.promotion().mode() + "): " + Cli.oneLine(check.promotion().message()));
        }
    }

    private static void printRetraining(PrintWriter out, MonitorChecks.Retraining retraining) {
        if (retraining == null) {
            return;
        }
        out.println("  trained on " + retraining.description());
        out.println("  read: " + retraining.datasets().stream().map(read -> String.format(Locale.ROOT, "%s %s (%d rows, sha256 %s)", read.role(),
                Path.of(read.path()).getFileName(), read.rows(), read.sha256().substring(0, Math.min(12, read.sha256().length()))))
                .reduce((a, b) -> a + ", " + b).orElse("nothing"));
        out.printf(Locale.ROOT, "  challenger on the new data's holdout (%d rows): %s%n", retraining.holdoutRows(), metrics(retraining.holdout()));
        out.printf(Locale.ROOT, "  challenger on the champion's test data (%s rows): %s%n",
                retraining.championTestRows() == null ? "–" : retraining.championTestRows(), metrics(retraining.championTest()));
    }

    private static String metrics(java.util.Map<String, Double> metrics) {
        if (metrics.isEmpty()) {
            return "not measured";
        }
        return metrics.entrySet().stream().map(entry -> String.format(Locale.ROOT, "%s %.4f", entry.getKey(), entry.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse("");
    }

    /** The --json shape of a check (documented in the README). */
    static java.util.Map<String, Object> describe(MonitorChecks.Check check) {
        var entry = new java.util.LinkedHashMap<String, Object>();
        entry.put("id", check.id());
        entry.put("monitor", check.monitor());
        entry.put("checkedAt", check.checkedAt().toString());
        entry.put("model", check.model() + ":" + check.modelVersion());
        entry.put("reference", check.referencePath());
        entry.put("current", check.currentPath());
        entry.put("currentRows", check.currentRows());
        entry.put("datasetDrift", check.datasetDrift());
        entry.put("driftShare", check.driftShare());
        entry.put("maxPsi", check.maxPsi());
        entry.put("maxPsiColumn", check.maxPsiColumn());
        entry.put("metric", check.metric());
        entry.put("metricBaseline", check.metricBaseline());
        entry.put("metricValue", check.metricValue());
        entry.put("metricDrop", check.metricDrop());
        entry.put("triggered", check.triggered());
        entry.put("reasons", check.reasons());
        entry.put("status", check.status());
        entry.put("retrainRun", check.retrainRun());
        entry.put("challenger", check.challenger());
        entry.put("failure", check.failure());
        entry.put("retraining", check.retraining());
        entry.put("promotion", check.promotion());
        return entry;
    }

    private static String fixed(Double value, String format) {
        return value == null ? "–" : String.format(Locale.ROOT, format, value);
    }

    @Command(name = "list", description = "List the monitors evaluated so far with their last result.")
    static final class ListMonitors implements Callable<Integer> {
        @ParentCommand
        MonitorCommand parent;

        @Option(names = "--json", description = "Write them as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = parent.spec.commandLine().getOut();
            List<MonitorChecks.Summary> monitors;
            try (Store store = parent.root.openStore()) {
                monitors = new MonitorChecks(store).monitors();
            }
            if (json) {
                out.println(JSON.writeValueAsString(monitors.stream().map(summary -> {
                    var entry = new java.util.LinkedHashMap<String, Object>();
                    entry.put("monitor", summary.monitor());
                    entry.put("definition", summary.definitionPath());
                    entry.put("checks", summary.checks());
                    entry.put("triggered", summary.triggered());
                    entry.put("last", describe(summary.last()));
                    return entry;
                }).toList()));
                return Cli.OK;
            }
            if (monitors.isEmpty()) {
                out.println("No monitor has been evaluated yet (pipewright monitor run MONITOR.yaml).");
            }
            for (MonitorChecks.Summary summary : monitors) {
                out.printf(Locale.ROOT, "%-28s %-15s %4d checks %4d triggered  last %s  %s:%d%n", summary.monitor(), summary.last().status(),
                        summary.checks(), summary.triggered(), summary.last().checkedAt(), summary.last().model(), summary.last().modelVersion());
            }
            return Cli.OK;
        }
    }

    @Command(name = "history", description = "Show a monitor's checks, newest first.")
    static final class History implements Callable<Integer> {
        @ParentCommand
        MonitorCommand parent;

        @Parameters(paramLabel = "NAME", description = "The monitor's name (its monitor: field).")
        String name;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many checks (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Write them as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = parent.spec.commandLine().getOut();
            List<MonitorChecks.Check> checks;
            try (Store store = parent.root.openStore()) {
                checks = new MonitorChecks(store).history(name, Math.max(1, limit));
            }
            if (checks.isEmpty()) {
                throw new IllegalArgumentException("no monitor named '" + name + "' has been evaluated");
            }
            if (json) {
                out.println(JSON.writeValueAsString(checks.stream().map(MonitorCommand::describe).toList()));
                return Cli.OK;
            }
            for (MonitorChecks.Check check : checks) {
                out.printf(Locale.ROOT, "%s  %-15s share %s  PSI %s  %s%n", check.checkedAt(), check.status(), fixed(check.driftShare(), "%.2f"),
                        fixed(check.maxPsi(), "%.3f"), String.join("; ", check.reasons()));
                if (check.challenger() != null) {
                    out.println("  challenger " + check.challenger() + " (run " + check.retrainRun() + ")");
                }
                printRetraining(out, check.retraining());
                if (check.promotion() != null) {
                    out.println("  promotion (" + check.promotion().mode() + "): " + Cli.oneLine(check.promotion().message()));
                }
            }
            return Cli.OK;
        }
    }
}
