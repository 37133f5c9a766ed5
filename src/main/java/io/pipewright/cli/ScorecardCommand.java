package io.pipewright.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.loop.cost.CostEstimator;
import io.pipewright.loop.scorecard.CostCriteria;
import io.pipewright.loop.scorecard.Criterion;
import io.pipewright.loop.scorecard.Scorecard;
import io.pipewright.loop.scorecard.Scorecards;
import io.pipewright.loop.scorecard.ServerMetrics;
import io.pipewright.track.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "scorecard", description = {"A model version against the success criteria: data issues, degradation before retraining, p99 latency,",
    "rollback time, spot share and waste, each with its target, the measured value, where it came from, and pass, fail or unknown",
    "(unknown when nothing measured it).",
    "Exit 0 when no measured criterion fails, 1 when one does, 2 on bad input (an unknown model, an unreadable --metrics URL)."})
final class ScorecardCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    PipewrightCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "NAME (its latest version), NAME@ALIAS or NAME:VERSION.")
    String reference;

    @Option(names = "--metrics", paramLabel = "URL", description = "The /metrics of the server that serves it (http://HOST:PORT/metrics): "
            + "refused requests, p99 latency, when a rolled-back version was swapped in.")
    String metrics;

    @Option(names = "--bundle", paramLabel = "DIR", description = "Its deployment bundle (pipewright export): node pools, replicas and "
            + "pod requests for the spot share and waste.")
    Path bundle;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "30s", description = "With --bundle and --metrics: how long the "
            + "server's CPU and memory use is read for the waste (30s, 2m, 1h; default 30s).")
    String window;

    @Option(names = "--json", description = "Write the scorecard as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        // bad input first, before the store is opened: a mistyped URL or folder is one line and exit 2
        ServerMetrics scrape = null;
        if (metrics != null) {
            scrape = ServerMetrics.read(ServerMetrics.url(metrics)).orThrow();
        }
        if (bundle != null && !Files.isDirectory(bundle)) {
            throw new IllegalArgumentException("--bundle " + bundle + " is not a folder (a bundle written by pipewright export)");
        }
        var span = CostEstimator.window(window);
        if (bundle != null && scrape != null) {
            spec.commandLine().getErr().println("reading " + scrape.url() + " now and again in " + window.strip() + " for the waste…");
            spec.commandLine().getErr().flush();
        }
        // the cost is estimated before the store is opened: the window is not spent holding it
        CostCriteria cost = CostCriteria.estimate(bundle, scrape, span);
        Scorecard scorecard;
        try (Store store = root.openStore()) {
            scorecard = new Scorecards(store, Clock.systemUTC()).measure(reference, scrape, cost);
        }
        if (json) {
            out.println(JSON.writeValueAsString(scorecard.toMap()));
        } else {
            print(out, scorecard);
        }
        return scorecard.failed() ? Cli.FAILED : Cli.OK;
    }

    private static void print(PrintWriter out, Scorecard scorecard) {
        out.println("scorecard of " + scorecard.model() + (scorecard.alias() == null ? "" : " (" + scorecard.model().split(":")[0] + "@"
                + scorecard.alias() + ")"));
        String row = "%-30s  %-9s  %-11s  %-7s  %s%n";
        out.printf(Locale.ROOT, row, "CRITERION", "TARGET", "MEASURED", "STATUS", "SOURCE");
        for (Criterion criterion : scorecard.criteria()) {
            out.printf(Locale.ROOT, row, criterion.criterion(), criterion.target(), criterion.measuredText(), criterion.status().text(),
                    criterion.source());
            out.println("    " + criterion.detail());
        }
        out.println(scorecard.summary());
    }
}
