package io.pipewright.cli;

import io.pipewright.loop.cost.CostEstimator;
import io.pipewright.loop.cost.CostReport;
import io.pipewright.loop.cost.ServerMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "cost", description = {
    "What a deployment costs and wastes: from a bundle (--bundle DIR) the pods' requests, the spot share and the monthly cost;",
    "from a running server's /metrics (--metrics URL), read at the start and the end of --window, the CPU and memory it actually",
    "used per 1,000 predictions against those requests: the utilisation and the waste (requested but unused). What was not",
    "measured is said to be unknown, never 0."})
final class CostCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--bundle", paramLabel = "DIR", description = "An exported deployment bundle's folder (pipewright export).")
    private Path bundle;

    @Option(names = "--metrics", paramLabel = "URL", description = "A running pipewright serve: http://HOST:PORT or its /metrics address.")
    private String metrics;

    @Option(names = "--prices", paramLabel = "FILE", description = "Prices per hour in USD (YAML or JSON: vcpuHour, memoryGibHour, gpuHour, "
            + "spotDiscount), over those of the bundle's cost runbook.")
    private Path prices;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to watch the server: 30s, 2m, 1h (from 1s to 1h; default ${DEFAULT-VALUE}).")
    private String window;

    @Option(names = "--json", description = "Print the report as JSON (null for what is unknown).")
    private boolean json;

    @Override
    public Integer call() {
        var span = CostEstimator.window(window);
        var endpoint = metrics == null ? null : ServerMetrics.endpoint(metrics);
        if (bundle == null && endpoint == null) {
            throw new IllegalArgumentException("give --bundle DIR, --metrics URL, or both (see 'pipewright cost --help')");
        }
        if (endpoint != null) {
            spec.commandLine().getErr().println("reading " + endpoint + " now and again in " + window.strip() + "…");
        }
        CostReport report;
        try {
            report = CostEstimator.estimate(bundle, endpoint, span, prices);
        } catch (CostEstimator.MeasurementFailed e) {
            spec.commandLine().getErr().println("pipewright: " + e.getMessage());
            return Cli.FAILED;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(report.toJson().stripTrailing());
        } else {
            print(report, out);
        }
        return Cli.OK;
    }

    static void print(CostReport report, PrintWriter out) {
        out.println("cost of " + report.source());
        String pods = report.podsFewest() == null ? "unknown (" + report.unknown().get("spotShare") + ")"
                : (report.podsFewest().equals(report.podsMost()) ? report.podsFewest().toString() : report.podsFewest() + " to " + report.podsMost())
                        + ", each requesting " + number(report.cpuCoresRequested()) + " CPU cores and " + number(report.memoryMibRequested()) + " MiB of memory";
        row(out, "pods", pods);
        row(out, "spot share", report.spotShare() == null ? unknown(report, "spotShare") : percent(report.spotShare() * 100) + " of the pods on spot nodes");
        row(out, "monthly cost", report.monthlyUsd() == null ? unknown(report, "monthlyUsd")
                : money(report.monthlyUsd()) + (report.monthlyUsdMost() != null && !report.monthlyUsdMost().equals(report.monthlyUsd())
                        ? " to " + money(report.monthlyUsdMost()) : "") + " USD a month at the requests (prices: " + report.pricesSource() + ")");
        if (report.windowSeconds() == null) {
            row(out, "measured", unknown(report, "predictions"));
        } else {
            row(out, "measured", (report.predictions() == null ? "predictions not counted" : String.format(Locale.ROOT, "%,d predictions", report.predictions()))
                    + " in " + number(report.windowSeconds()) + " s: CPU " + number(report.cpuCoresUsed()) + " cores, memory " + number(report.memoryMibUsed())
                    + " MiB held");
            row(out, "per 1,000", report.cpuSecondsPer1000() == null ? unknown(report, "cpuSecondsPer1000")
                    : number(report.cpuSecondsPer1000()) + " CPU seconds, " + number(report.memoryMibSecondsPer1000()) + " MiB·s of memory");
        }
        row(out, "CPU", utilisation(report, report.cpuUtilisation(), report.cpuWastePercent(), "cpuUtilisation"));
        row(out, "memory", utilisation(report, report.memoryUtilisation(), report.memoryWastePercent(), "memoryUtilisation"));
        row(out, "waste", report.wastePercent() == null ? unknown(report, "wastePercent")
                : percent(report.wastePercent()) + " of the requested CPU and memory (by price) is unused");
        for (String note : report.notes()) {
            out.println("note: " + note);
        }
    }

    private static String utilisation(CostReport report, Double used, Double waste, String field) {
        return used == null ? unknown(report, field) : "utilisation " + percent(used * 100) + ", waste " + percent(waste);
    }

    private static String unknown(CostReport report, String field) {
        return "unknown: " + report.unknown().getOrDefault(field, "not measured");
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf(Locale.ROOT, "%-13s %s%n", label, value);
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f %%", value);
    }

    private static String money(double value) {
        return String.format(Locale.ROOT, "%,.2f", value);
    }

    /** Three significant digits, without an exponent. */
    private static String number(double value) {
        if (value == 0) {
            return "0";
        }
        var rounded = new java.math.BigDecimal(value).round(new java.math.MathContext(3));
        return rounded.abs().compareTo(java.math.BigDecimal.valueOf(1000)) >= 0 ? String.format(Locale.ROOT, "%,.0f", value) : rounded.stripTrailingZeros().toPlainString();
    }
}
