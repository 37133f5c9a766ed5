package io.pipewright.loop.scorecard;

import io.pipewright.loop.cost.CostEstimator;
import io.pipewright.loop.cost.CostReport;
import io.pipewright.loop.scorecard.Criterion.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The spot share and waste rows, from {@link CostEstimator}: the spot share from the deployment bundle's node pools and
 * replicas; the waste from what the server used over a window of its /metrics against the bundle's pod requests.
 *
 * @param report the estimate, or null when none was made
 * @param why    why there is no estimate (null when there is one)
 */
public record CostCriteria(CostReport report, String why) {

    /**
     * Estimates the cost of {@code bundle} (null: none given) with the server of {@code metrics} (null or unreadable: none)
     * measured over {@code window}: that waits the window. Without a bundle nothing is estimated (both rows need it). A bad
     * bundle throws IllegalArgumentException naming the file or field; a server that spoils the measurement (it restarts or
     * stops answering during the window) leaves the rows unknown with the reason.
     */
    public static CostCriteria estimate(Path bundle, ServerMetrics metrics, Duration window) {
        if (bundle == null) {
            return new CostCriteria(null, "needs the deployment bundle (--bundle DIR): its node pools and replicas, its pod requests");
        }
        try {
            return new CostCriteria(CostEstimator.estimate(bundle, metrics == null || !metrics.readable() ? null : metrics.url(), window, null), null);
        } catch (CostEstimator.MeasurementFailed e) {
            return new CostCriteria(null, e.getMessage());
        }
    }

    /** No estimate, for this reason. */
    public static CostCriteria none(String why) {
        return new CostCriteria(null, why);
    }

    List<Criterion> criteria() {
        if (report == null) {
            return List.of(Criterion.unknown(Target.SPOT, "cost", why), Criterion.unknown(Target.WASTE, "cost", why));
        }
        String source = "cost (" + report.source() + ")";
        Criterion spot = report.spotShare() == null
                ? Criterion.unknown(Target.SPOT, source, report.unknown().getOrDefault("spotShare", "not measured"))
                : Criterion.measured(Target.SPOT, report.spotShare() * 100, source, pods(report) + " on spot nodes, by the bundle's node pools and replicas");
        Criterion waste;
        if (report.wastePercent() == null) {
            waste = Criterion.unknown(Target.WASTE, source, report.unknown().getOrDefault("wastePercent", "not measured"));
        } else {
            waste = Criterion.measured(Target.WASTE, report.wastePercent(), source, String.format(Locale.ROOT,
                    "requested CPU and memory left unused, weighted by price: the server used %s of its CPU request and %s of its memory request "
                            + "over %s s", percent(report.cpuUtilisation()), percent(report.memoryUtilisation()),
                    report.windowSeconds() == null ? "–" : String.format(Locale.ROOT, "%.0f", report.windowSeconds())));
        }
        return List.of(spot, waste);
    }

    private static String pods(CostReport report) {
        if (report.podsFewest() == null) {
            return "the share of the chart's pods";
        }
        return report.podsFewest().equals(report.podsMost()) ? "the share of its " + report.podsFewest() + " pod(s)"
                : "the share of its " + report.podsFewest() + " to " + report.podsMost() + " pods";
    }

    private static String percent(Double share) {
        return share == null ? "–" : Criterion.format(share * 100, "%");
    }
}
