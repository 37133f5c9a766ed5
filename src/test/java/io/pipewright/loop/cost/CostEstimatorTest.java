package io.pipewright.loop.cost;

import io.pipewright.loop.metrics.PrometheusText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pipewright.export.Bundle;
import io.pipewright.export.BundleOptions;
import io.pipewright.export.BundleWriter;
import io.pipewright.export.ExportFixtures;
import io.pipewright.export.Exporter;
import io.pipewright.export.OptionsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cost figures of a bundle as the export drafts it, and the waste of a measurement against its requests. */
class CostEstimatorTest {
    @TempDir
    Path dir;

    private record Drafted(BundleWriter.Draft draft, BundleFiles files) {
    }

    private static Drafted bundle(String options) throws Exception {
        var parsed = OptionsFiles.YAML.readValue(options.isBlank() ? "{}" : options, BundleOptions.class);
        assertThat(parsed.problems()).isEmpty();
        var draft = Exporter.draft(ExportFixtures.classifier(), parsed, null);
        var texts = new LinkedHashMap<String, String>();
        draft.bundle().entries().stream().filter(Bundle.Entry::text).forEach(entry -> texts.put(entry.path(), entry.content()));
        return new Drafted(draft, BundleFiles.of(draft.bundle().root(), texts));
    }

    /** The runbook's monthly figure for {@code replicas} pods, as printed in its table. */
    private static double runbookMonthly(BundleWriter.Draft draft, int replicas) {
        var row = Pattern.compile("(?m)^\\| " + replicas + "( \\([a-z]+\\))? \\| ([0-9,.]+) \\|").matcher(draft.bundle().content("runbooks/cost.md"));
        assertThat(row.find()).as("the runbook's row of " + replicas + " replicas").isTrue();
        return Double.parseDouble(row.group(2).replace(",", ""));
    }

    @Test
    void aBundleAloneGivesRequestsSpotShareAndMonthlyCostAndSaysWhatItCannotKnow() throws Exception {
        var drafted = bundle("");
        var report = CostEstimator.combine(BundleFacts.read(drafted.files()), null, null, null);
        var sizing = drafted.draft().sizing();
        assertThat(report.cpuCoresRequested()).isEqualTo(sizing.cpuMillis() / 1000.0);
        assertThat(report.memoryMibRequested()).isEqualTo(sizing.memoryMib());
        assertThat(report.podsFewest()).isEqualTo(2);
        assertThat(report.podsMost()).isEqualTo(2);
        assertThat(report.spotShare()).isEqualTo(0.0);
        assertThat(report.pricesSource()).isEqualTo("runbooks/cost.json");
        // the export's own formula (PodSizing.monthlyCost) and the runbook's printed figure, to the cent
        assertThat(report.monthlyUsd()).isCloseTo(sizing.monthlyCost(drafted.draft().options(), 2), within(1e-9));
        assertThat(report.monthlyUsd()).isCloseTo(runbookMonthly(drafted.draft(), 2), within(0.005));
        // unmeasured: null, with the reason, never 0
        assertThat(report.cpuUtilisation()).isNull();
        assertThat(report.memoryUtilisation()).isNull();
        assertThat(report.wastePercent()).isNull();
        assertThat(report.predictions()).isNull();
        assertThat(report.cpuSecondsPer1000()).isNull();
        assertThat(report.unknown()).containsKeys("cpuUtilisation", "memoryUtilisation", "wastePercent", "cpuSecondsPer1000")
                .containsEntry("wastePercent", "needs a running server's /metrics (--metrics URL)");
        assertThat(report.toJson()).contains("\"wastePercent\" : null", "\"spotShare\" : 0.0");
    }

    @Test
    void theSpotShareFollowsTheBundlesSpotNodesAndDiscountsTheMonthlyCost() throws Exception {
        var spot = bundle("spot: {enabled: true}\nreplicas: 3");
        var report = CostEstimator.combine(BundleFacts.read(spot.files()), null, null, null);
        assertThat(report.spotShare()).isEqualTo(1.0);
        assertThat(report.monthlyUsd()).isCloseTo(spot.draft().sizing().monthlyCost(spot.draft().options(), 3), within(1e-9));
        assertThat(report.monthlyUsd()).isCloseTo(runbookMonthly(spot.draft(), 3), within(0.005));
        var onDemand = CostEstimator.combine(BundleFacts.read(bundle("replicas: 3").files()), null, null, null);
        assertThat(onDemand.spotShare()).isEqualTo(0.0);
        assertThat(report.monthlyUsd() / onDemand.monthlyUsd()).as("65 %% less on spot").isCloseTo(0.35, within(1e-9));
    }

    @Test
    void everyPodTheChartRunsIsCounted() throws Exception {
        var keda = BundleFacts.read(bundle("autoscaling: {mode: keda, minReplicas: 2, maxReplicas: 8}").files());
        assertThat(keda.podsFewest()).isEqualTo(2);
        assertThat(keda.podsMost()).isEqualTo(8);
        var shadow = BundleFacts.read(bundle("rollout: {strategy: shadow, baselineTag: '1-abc'}\nspot: {enabled: true}").files());
        assertThat(shadow.podsFewest()).as("2 serving and the candidate").isEqualTo(3);
        assertThat(shadow.spotShare()).isEqualTo(1.0);
        var stream = BundleFacts.read(bundle("stream: {enabled: true, bootstrap: 'kafka:9092', in: loans, out: scores, minReplicas: 1, maxReplicas: 6}").files());
        assertThat(stream.podsFewest()).isEqualTo(3);
        assertThat(stream.podsMost()).isEqualTo(8);
        assertThat(stream.podsText()).isEqualTo("2 serving (fixed) + 1 to 6 streaming scorer");
    }

    @Test
    void wasteIsTheRequestedButUnusedShareWeightedByPrice() throws Exception {
        var facts = BundleFacts.read(bundle("resources: {cpu: '1', memory: 1Gi}").files());
        // 10 s: 2.5 CPU seconds (0.25 cores), 512 MiB held, 5,000 predictions
        var report = CostEstimator.combine(facts, new CostEstimator.Measurement("http://127.0.0.1:1/metrics", 10, 2.5, 512, 5000.0, "test"), null, null);
        assertThat(report.cpuUtilisation()).isCloseTo(0.25, within(1e-12));
        assertThat(report.memoryUtilisation()).isCloseTo(0.5, within(1e-12));
        assertThat(report.cpuWastePercent()).isCloseTo(75.0, within(1e-9));
        assertThat(report.memoryWastePercent()).isCloseTo(50.0, within(1e-9));
        assertThat(report.cpuSecondsPer1000()).isCloseTo(0.5, within(1e-12));
        assertThat(report.memoryMibSecondsPer1000()).as("512 MiB × 10 s / 5,000 × 1,000").isCloseTo(1024.0, within(1e-9));
        assertThat(report.predictions()).isEqualTo(5000L);
        // (0.25 × 0.0425 + 0.5 × 1 GiB × 0.0057) / (1 × 0.0425 + 1 GiB × 0.0057) = 0.013475 / 0.0482
        assertThat(report.utilisation()).isCloseTo(0.013475 / 0.0482, within(1e-12));
        assertThat(report.wastePercent()).isCloseTo(72.04356846473029, within(1e-9));
        assertThat(report.wastePercent()).isCloseTo(100 * (1 - report.utilisation()), within(1e-12));
        assertThat(report.unknown()).isEmpty();

        // using more than it requests is no waste, and is said
        var over = CostEstimator.combine(facts, new CostEstimator.Measurement("http://127.0.0.1:1/metrics", 10, 20, 512, 0.0, "test"), null, null);
        assertThat(over.cpuUtilisation()).isCloseTo(2.0, within(1e-12));
        assertThat(over.cpuWastePercent()).isEqualTo(0.0);
        assertThat(over.notes()).anyMatch(note -> note.startsWith("the server used 200 % of its CPU request"));
        assertThat(over.cpuSecondsPer1000()).isNull();
        assertThat(over.unknown()).containsEntry("cpuSecondsPer1000", "no predictions during the window: send traffic, or measure over a longer window");
    }

    @Test
    void aPricesFileOverridesTheBundlesPricesKeyByKey() throws Exception {
        var drafted = bundle("");
        Path prices = Files.writeString(dir.resolve("prices.yaml"), "vcpuHour: 0.085\n");
        var report = CostEstimator.estimate(drafted.files(), null, null, Prices.read(prices), prices.toString());
        var sizing = drafted.draft().sizing();
        double expected = 2 * (sizing.cpuMillis() / 1000.0 * 0.085 + sizing.memoryMib() / 1024.0 * 0.0057) * 730;
        assertThat(report.monthlyUsd()).isCloseTo(expected, within(1e-9));
        assertThat(report.prices()).isEqualTo(new Prices(0.085, 0.0057, 0.526, 0.65));
        assertThat(report.pricesSource()).isEqualTo(prices + " over the bundle's runbooks/cost.json");
    }

    @Test
    void aBundleExportedBeforeCostJsonIsPricedFromItsRunbookTable() throws Exception {
        var drafted = bundle("");
        var texts = new LinkedHashMap<String, String>();
        drafted.files().paths().stream().filter(path -> !path.equals("runbooks/cost.json")).forEach(path -> texts.put(path, drafted.files().text(path).orElseThrow()));
        var facts = BundleFacts.read(BundleFiles.of("old", texts));
        assertThat(facts.prices()).isEqualTo(new Prices(0.0425, 0.0057, 0.526, 0.65));
        assertThat(facts.pricesSource()).isEqualTo("runbooks/cost.md");
    }

    @Test
    void badPricesFilesAreOneLineNamingTheFileAndKey() throws Exception {
        Path malformed = Files.writeString(dir.resolve("prices.yaml"), "vcpuHour: [0.04\nmemoryGibHour: 0.005\n");
        assertThatThrownBy(() -> Prices.read(malformed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("prices.yaml: ").hasMessageNotContaining("\n");
        Path unknown = Files.writeString(dir.resolve("unknown.yaml"), "vcpu: 0.04\n");
        assertThatThrownBy(() -> Prices.read(unknown)).hasMessageStartingWith("unknown.yaml: line 1: unknown field 'vcpu'");
        Path word = Files.writeString(dir.resolve("word.yaml"), "gpuHour: cheap\n");
        assertThatThrownBy(() -> Prices.read(word)).hasMessageStartingWith("word.yaml: gpuHour: ");
        Path negative = Files.writeString(dir.resolve("negative.yaml"), "vcpuHour: -1\n");
        assertThatThrownBy(() -> Prices.read(negative)).hasMessage(negative + ": vcpuHour must be a price of at least 0 (USD per hour), not -1.0");
        Path whole = Files.writeString(dir.resolve("whole.json"), "{\"spotDiscount\": 1}");
        assertThatThrownBy(() -> Prices.read(whole)).hasMessage(whole + ": spotDiscount must be a share from 0 to below 1 (0.65 = 65 % less), not 1.0");
        assertThatThrownBy(() -> Prices.read(dir.resolve("none.yaml"))).hasMessage(dir.resolve("none.yaml") + ": no such file");
    }

    @Test
    void aFolderThatIsNotABundleIsOneLineNamingWhatIsMissing() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> CostEstimator.estimate(empty, null, null, null))
                .hasMessage(empty + ": no helm/<chart>/values.yaml: not a Pipewright deployment bundle folder");
        assertThatThrownBy(() -> CostEstimator.estimate(dir.resolve("nope"), null, null, null)).hasMessage(dir.resolve("nope") + ": no such folder");
        Path values = Files.createDirectories(dir.resolve("b/helm/x")).resolve("values.yaml");
        Files.writeString(values, "replicaCount: 2\nresources:\n  requests: {memory: 1Gi}\n");
        assertThatThrownBy(() -> CostEstimator.estimate(dir.resolve("b"), null, null, null))
                .hasMessage(values + ": resources.requests.cpu: missing: the pod's requests are what the cost is computed from");
        Files.writeString(values, "replicaCount: 2\nresources:\n  requests: {cpu: lots, memory: 1Gi}\n");
        assertThatThrownBy(() -> CostEstimator.estimate(dir.resolve("b"), null, null, null))
                .hasMessage(values + ": resources.requests.cpu: not a CPU quantity: 'lots' (e.g. 250m or 1.5)");
        Files.writeString(values, "replicaCount: [2\n");
        assertThatThrownBy(() -> CostEstimator.estimate(dir.resolve("b"), null, null, null)).hasMessageStartingWith(values + ": not YAML: line ");
        assertThatThrownBy(() -> CostEstimator.estimate((Path) null, null, null, null))
                .hasMessage("give the bundle (--bundle DIR), a running server's metrics (--metrics URL), or both");
    }

    @Test
    void theWindowIsADurationFromOneSecondToOneHour() {
        assertThat(CostEstimator.window("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(CostEstimator.window("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(CostEstimator.window("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(CostEstimator.window("PT90S")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> CostEstimator.window("soon")).hasMessage("--window: 'soon' is not a duration such as 30s, 2m or 1h");
        assertThatThrownBy(() -> CostEstimator.window("500ms")).hasMessage("--window must be between 1s and 1h, not 0.5 s");
        assertThatThrownBy(() -> CostEstimator.window("2h")).hasMessage("--window must be between 1s and 1h, not 7200 s");
    }

    @Test
    void prometheusTextIsReadWithItsLabelsAndTheProcessFiguresFound() {
        var text = PrometheusText.parse("""
                # HELP process_cpu_time_ns_total The "cpu time" used by the Java Virtual Machine process
                # TYPE process_cpu_time_ns_total counter
                process_cpu_time_ns_total 5.38E9
                jvm_memory_committed_bytes{area="heap",id="G1 Eden Space"} 3.145728E7
                jvm_memory_committed_bytes{area="nonheap",id="CodeHeap 'non-nmethods'"} 2555904.0
                jvm_buffer_memory_used_bytes{id="mapped - 'non-volatile memory'"} 0.0
                pipewright_predictions_total{class="no"} 120.0
                pipewright_predictions_total{class="a \\"quoted\\", class"} 30.0
                pipewright_feature_drift_psi{feature="age"} NaN
                """, "here");
        assertThat(text.total("pipewright_predictions_total")).isEqualTo(150.0);
        assertThat(text.sum("pipewright_predictions_total", labels -> "a \"quoted\", class".equals(labels.get("class")))).isEqualTo(30.0);
        assertThat(text.total("pipewright_feature_drift_psi")).isNull();
        assertThat(text.total("nothing")).isNull();
        var reading = ServerMetrics.reading(text, 0, "here");
        assertThat(reading.cpuSeconds()).isCloseTo(5.38, within(1e-12));
        assertThat(reading.memoryBytes()).isEqualTo(3.145728E7 + 2555904.0);
        assertThat(reading.predictions()).isEqualTo(150.0);
        // the standard client's names too (a resident size is preferred over the JVM's committed memory)
        var standard = ServerMetrics.reading(PrometheusText.parse("process_cpu_seconds_total 12.5\nprocess_resident_memory_bytes 1048576\n", "here"), 0, "here");
        assertThat(standard.cpuSeconds()).isEqualTo(12.5);
        assertThat(standard.memoryBytes()).isEqualTo(1048576.0);
        assertThat(standard.predictions()).isNull();
        assertThatThrownBy(() -> ServerMetrics.reading(PrometheusText.parse("up 1\n", "here"), 0, "http://h/metrics"))
                .hasMessage("http://h/metrics: has no process CPU time (process_cpu_seconds_total or process_cpu_time_ns_total)");
        assertThatThrownBy(() -> PrometheusText.parse("ok 1\n<html>\n", "http://h/metrics")).hasMessageStartingWith("http://h/metrics: line 2 is not Prometheus text");
    }

    @Test
    void theMetricsAddressIsCompletedAndCheckedBeforeAnythingIsRead() {
        assertThat(ServerMetrics.endpoint("http://127.0.0.1:8080").toString()).isEqualTo("http://127.0.0.1:8080/metrics");
        assertThat(ServerMetrics.endpoint("http://127.0.0.1:8080/").toString()).isEqualTo("http://127.0.0.1:8080/metrics");
        assertThat(ServerMetrics.endpoint("http://127.0.0.1:8080/metrics").toString()).isEqualTo("http://127.0.0.1:8080/metrics");
        assertThatThrownBy(() -> ServerMetrics.endpoint("127.0.0.1:8080"))
                .hasMessage("--metrics: 127.0.0.1:8080: must be an http:// address such as http://127.0.0.1:8080/metrics");
        assertThatThrownBy(() -> ServerMetrics.endpoint("http://bad host"))
                .hasMessage("--metrics: http://bad host: must be an http:// address such as http://127.0.0.1:8080/metrics");
    }
}
