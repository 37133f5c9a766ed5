package io.pipewright.loop.cost;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Estimates what a deployment costs and wastes. From the bundle: the pods' requests, how many run, the spot share and the
 * monthly cost. From a running server's {@code /metrics}, scraped at the start and the end of a window: the CPU seconds and
 * the memory it actually used, per 1,000 predictions and against the requests, hence the utilisation and the waste
 * (requested but unused). What neither measured stays null, with the reason in {@link CostReport#unknown()}.
 *
 * <p>The server measured is one replica; every pod of the chart is taken to use as much.
 */
public final class CostEstimator {
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);
    public static final Duration MIN_WINDOW = Duration.ofSeconds(1);
    public static final Duration MAX_WINDOW = Duration.ofHours(1);

    private CostEstimator() {
    }

    /** What the server used over the window. */
    public record Measurement(String endpoint, double seconds, double cpuSeconds, double memoryMib, Double predictions, String memorySource) {
        /** Cores used on average. */
        public double cpuCores() {
            return cpuSeconds / seconds;
        }
    }

    /**
     * The estimate for a bundle folder and/or a server's /metrics address (each nullable, not both), the server read over
     * {@code window} (null: {@link #DEFAULT_WINDOW}), at the bundle's prices with those of the {@code prices} file over them.
     * Bad input is an {@link IllegalArgumentException} whose message is one line naming the file, field or address; a
     * measurement that the server spoils (it restarts during the window) is a {@link MeasurementFailed}.
     */
    public static CostReport estimate(Path bundle, URI metrics, Duration window, Path prices) {
        // every input is checked before the window is waited for
        BundleFiles files = bundle == null ? null : BundleFiles.folder(bundle);
        Prices override = prices == null ? null : Prices.read(prices);
        return estimate(files, metrics, window, override, prices == null ? null : prices.toString());
    }

    /** {@link #estimate(Path, URI, Duration, Path)} for bundle files held anywhere, with prices already read ({@code override} may be null). */
    public static CostReport estimate(BundleFiles bundle, URI metrics, Duration window, Prices override, String overrideSource) {
        if (bundle == null && metrics == null) {
            throw new IllegalArgumentException("give the bundle (--bundle DIR), a running server's metrics (--metrics URL), or both");
        }
        Duration span = window == null ? DEFAULT_WINDOW : checkWindow(window);
        BundleFacts facts = bundle == null ? null : BundleFacts.read(bundle);
        Measurement measured = null;
        if (metrics != null) {
            try {
                measured = measure(new ServerMetrics(metrics), span);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MeasurementFailed(metrics + ": the measurement was stopped before the window ended");
            }
        }
        return combine(facts, measured, override, overrideSource);
    }

    /** Scrapes the server, waits {@code window}, scrapes it again. */
    public static Measurement measure(ServerMetrics server, Duration window) throws InterruptedException {
        ServerMetrics.Reading first = server.read();
        Thread.sleep(window.toMillis());
        ServerMetrics.Reading last;
        try {
            last = server.read();
        } catch (IllegalArgumentException e) {
            throw new MeasurementFailed("the server stopped answering during the window: " + e.getMessage());
        }
        double seconds = (last.nanos() - first.nanos()) / 1e9;
        double cpu = last.cpuSeconds() - first.cpuSeconds();
        if (cpu < 0 || first.predictions() != null && last.predictions() != null && last.predictions() < first.predictions()) {
            throw new MeasurementFailed(server.endpoint() + ": the server restarted during the window (its counters went back): measure again");
        }
        Double predictions = first.predictions() == null || last.predictions() == null ? null : last.predictions() - first.predictions();
        double memoryMib = (first.memoryBytes() + last.memoryBytes()) / 2 / (1024 * 1024);
        return new Measurement(server.endpoint().toString(), seconds, cpu, memoryMib, predictions, last.memorySource());
    }

    /** The report from what the bundle says and what was measured (either may be null). */
    public static CostReport combine(BundleFacts facts, Measurement measured, Prices override, String overrideSource) {
        var notes = new ArrayList<String>();
        var unknown = new LinkedHashMap<String, String>();
        var sources = new ArrayList<String>();
        Prices prices = null;
        String pricesSource = null;
        if (facts != null) {
            sources.add("bundle " + facts.name());
            notes.addAll(facts.notes());
            prices = facts.prices();
            pricesSource = facts.pricesSource();
        }
        if (override != null) {
            prices = override.over(prices);
            pricesSource = pricesSource == null ? overrideSource : overrideSource + " over the bundle's " + pricesSource;
        }
        if (prices != null && !prices.complete()) {
            notes.add("the prices lack " + missingPrices(prices) + ": the monthly cost and the weighted waste need them");
        }
        boolean priced = prices != null && prices.complete();
        if (measured != null) {
            sources.add("/metrics of " + measured.endpoint() + " over " + seconds(measured.seconds()));
        }

        Double spotShare = facts == null ? null : facts.spotShare();
        Double monthly = null;
        Double monthlyMost = null;
        if (facts != null && priced) {
            monthly = facts.monthly(prices, facts.podsFewest());
            monthlyMost = facts.monthly(prices, facts.podsMost());
        }

        Double cpuUsed = measured == null ? null : measured.cpuCores();
        Double memoryUsed = measured == null ? null : measured.memoryMib();
        Long predictions = measured == null || measured.predictions() == null ? null : Math.round(measured.predictions());
        Double cpuPer1000 = null;
        Double memoryPer1000 = null;
        if (predictions != null && predictions > 0) {
            cpuPer1000 = measured.cpuSeconds() / predictions * 1000;
            memoryPer1000 = measured.memoryMib() * measured.seconds() / predictions * 1000;
        }
        Double cpuUtilisation = null;
        Double memoryUtilisation = null;
        Double cpuWaste = null;
        Double memoryWaste = null;
        Double utilisation = null;
        Double waste = null;
        if (facts != null && measured != null) {
            cpuUtilisation = cpuUsed / facts.cpuCores();
            memoryUtilisation = memoryUsed / facts.memoryMib();
            cpuWaste = 100 * Math.max(0, 1 - cpuUtilisation);
            memoryWaste = 100 * Math.max(0, 1 - memoryUtilisation);
            if (cpuUtilisation > 1) {
                notes.add(String.format(Locale.ROOT, "the server used %.0f %% of its CPU request: more than it requests (throttled at its limit under load)",
                        100 * cpuUtilisation));
            }
            if (memoryUtilisation > 1) {
                notes.add(String.format(Locale.ROOT, "the server held %.0f %% of its memory request: more than it requests", 100 * memoryUtilisation));
            }
            if (priced) {
                // what is requested but unused, weighted by what it costs (Kubecost's idle cost): a used share above the request is not waste
                double requestedCost = facts.cpuCores() * prices.vcpuHour() + facts.memoryMib() / 1024 * prices.memoryGibHour();
                double usedCost = Math.min(cpuUsed, facts.cpuCores()) * prices.vcpuHour() + Math.min(memoryUsed, facts.memoryMib()) / 1024 * prices.memoryGibHour();
                utilisation = requestedCost > 0 ? usedCost / requestedCost : null;
                waste = utilisation == null ? null : 100 * (1 - utilisation);
            }
            if (facts.gpus() > 0) {
                notes.add("the GPUs' use is not in /metrics: the waste covers CPU and memory only");
            }
            notes.add("measured on one server process: every pod of the chart is taken to use as much");
        }
        if (measured != null) {
            notes.add("memory held: " + measured.memorySource() + " (a pod's resident size is somewhat larger: thread stacks, native code)");
        }

        String needsServer = "needs a running server's /metrics (--metrics URL)";
        String needsBundle = "needs the bundle's requests (--bundle DIR)";
        if (facts == null) {
            unknown.put("spotShare", "needs the bundle's node pools and replicas (--bundle DIR)");
            unknown.put("monthlyUsd", "needs the bundle's requests and replicas (--bundle DIR)");
        } else if (!priced) {
            unknown.put("monthlyUsd", "no prices: the bundle has no runbooks/cost.json or cost runbook table; give --prices FILE");
        }
        if (measured == null) {
            for (String field : List.of("cpuUtilisation", "memoryUtilisation", "wastePercent", "cpuSecondsPer1000", "memoryMibSecondsPer1000", "predictions")) {
                unknown.put(field, needsServer);
            }
        } else {
            if (facts == null) {
                for (String field : List.of("cpuUtilisation", "memoryUtilisation", "wastePercent")) {
                    unknown.put(field, needsBundle);
                }
            } else if (waste == null) {
                unknown.put("wastePercent", "needs prices to weigh CPU against memory (--prices FILE)");
            }
            if (predictions == null) {
                unknown.put("cpuSecondsPer1000", "the server does not count its predictions (pipewright_predictions_total)");
                unknown.put("memoryMibSecondsPer1000", "the server does not count its predictions (pipewright_predictions_total)");
            } else if (predictions == 0) {
                unknown.put("cpuSecondsPer1000", "no predictions during the window: send traffic, or measure over a longer window");
                unknown.put("memoryMibSecondsPer1000", "no predictions during the window: send traffic, or measure over a longer window");
            }
        }
        return new CostReport(waste, spotShare, monthly, cpuUtilisation, memoryUtilisation, cpuPer1000, memoryPer1000, predictions,
                String.join("; ", sources), notes, utilisation, cpuWaste, memoryWaste, monthlyMost, cpuUsed, memoryUsed,
                facts == null ? null : facts.cpuCores(), facts == null ? null : facts.memoryMib(), facts == null ? null : facts.podsFewest(),
                facts == null ? null : facts.podsMost(), measured == null ? null : measured.seconds(), prices, pricesSource, unknown);
    }

    private static final Pattern DURATION = Pattern.compile("([0-9]+(\\.[0-9]+)?)(ms|s|m|h)");

    /** A window as {@code 30s}, {@code 2m}, {@code 1h}, {@code 500ms} or ISO-8601 ({@code PT30S}), from 1 s to 1 h; else one line naming it. */
    public static Duration window(String text) {
        String given = text == null ? "" : text.strip();
        Duration parsed;
        Matcher matcher = DURATION.matcher(given);
        if (matcher.matches()) {
            double value = Double.parseDouble(matcher.group(1));
            double millis = value * switch (matcher.group(3)) {
                case "ms" -> 1;
                case "s" -> 1e3;
                case "m" -> 60e3;
                default -> 3600e3;
            };
            parsed = Duration.ofMillis(Math.round(millis));
        } else {
            try {
                parsed = Duration.parse(given);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--window: '" + given + "' is not a duration such as 30s, 2m or 1h");
            }
        }
        return checkWindow(parsed);
    }

    private static Duration checkWindow(Duration window) {
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("--window must be between 1s and 1h, not " + seconds(window.toMillis() / 1e3));
        }
        return window;
    }

    private static String missingPrices(Prices prices) {
        var missing = new ArrayList<String>();
        Map.of("vcpuHour", prices.vcpuHour() == null, "memoryGibHour", prices.memoryGibHour() == null, "gpuHour", prices.gpuHour() == null,
                "spotDiscount", prices.spotDiscount() == null).forEach((key, absent) -> {
                    if (absent) {
                        missing.add(key);
                    }
                });
        missing.sort(null);
        return String.join(", ", missing);
    }

    static String seconds(double seconds) {
        return seconds == Math.rint(seconds) ? String.format(Locale.ROOT, "%.0f s", seconds) : String.format(Locale.ROOT, "%.1f s", seconds);
    }

    /** The server spoiled the measurement (it restarted or stopped answering during the window): the work ran and failed. */
    public static final class MeasurementFailed extends RuntimeException {
        public MeasurementFailed(String message) {
            super(message);
        }
    }
}
