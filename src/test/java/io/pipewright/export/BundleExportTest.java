package io.pipewright.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports of a trained model: what the bundle holds, what its chart renders for each option, and that only a valid bundle is written. */
class BundleExportTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    static Exporter.Result export(BundleOptions options) {
        var draft = Exporter.draft(ExportFixtures.classifier(), options, null);
        return Exporter.validate(draft, BundleValidator.Tools.fromPath(), () -> false);
    }

    static BundleOptions options(String yaml) throws IOException {
        Path file = Files.createTempFile(ExportFixtures.folder(), "options", ".yaml");
        Files.writeString(file, yaml);
        return BundleOptions.read(file);
    }

    /** The chart of a validated bundle rendered with its values (and a ci values file, or none). */
    List<ManifestChecks.Document> render(Exporter.Result result, String ciValues) {
        Path written = result.bundle().writeTo(dir.resolve("render-" + System.nanoTime()));
        Path chart = written.resolve(result.draft().chartFolder());
        String rendered = HelmRunner.template(chart, result.draft().chart(), result.draft().options().namespace(),
                ciValues == null ? null : chart.resolve("ci/" + ciValues + "-values.yaml"));
        assertThat(ManifestChecks.check(rendered)).as("manifest checks").isEmpty();
        return ManifestChecks.documents(rendered);
    }

    static JsonNode only(List<ManifestChecks.Document> documents, String kind) {
        var matching = documents.stream().filter(document -> document.kind().equals(kind)).toList();
        assertThat(matching).as(kind).hasSize(1);
        return matching.get(0).tree();
    }

    static List<String> kinds(List<ManifestChecks.Document> documents) {
        return documents.stream().map(ManifestChecks.Document::kind).sorted().collect(Collectors.toList());
    }

    @Test
    void theDefaultBundleHoldsEveryFileAndPassesEveryValidator() {
        var result = export(BundleOptions.defaults());
        assertThat(result.validation().problems()).isEmpty();
        assertThat(result.validation().passed()).isTrue();
        var paths = result.bundle().entries().stream().map(Bundle.Entry::path).toList();
        assertThat(result.bundle().root()).isEqualTo("credit-scoring-bundle");
        assertThat(paths).contains("README.md", "Dockerfile", ".dockerignore", "model/credit_scoring.pwmodel", "model/SHA256SUMS", "model/manifest.json",
                "helm/credit-scoring/Chart.yaml", "helm/credit-scoring/values.yaml", "helm/credit-scoring/values.schema.json",
                "helm/credit-scoring/.helmignore", "helm/credit-scoring/templates/NOTES.txt", "helm/credit-scoring/templates/_helpers.tpl",
                "helm/credit-scoring/templates/tests/test-connection.yaml", "helm/credit-scoring/templates/training-job.yaml",
                "monitoring/prometheus/alerts.yaml", "monitoring/prometheus/alerts_test.yaml", "monitoring/grafana/dashboard.json",
                "runbooks/deploy.md", "runbooks/rollback.md", "runbooks/high-latency.md", "runbooks/high-error-rate.md",
                "runbooks/drift-and-retrain.md", "runbooks/cost.md", "ci/github-actions.yaml");
        for (String template : List.of("deployment", "service", "serviceaccount", "hpa", "scaledobject", "pdb", "ingress", "networkpolicy",
                "servicemonitor", "prometheusrule", "rollout", "analysistemplate", "virtualservice", "destinationrule")) {
            assertThat(paths).contains("helm/credit-scoring/templates/" + template + ".yaml");
        }
        for (String values : List.of("default", "gpu-spot", "canary", "blue-green", "shadow", "keda")) {
            assertThat(paths).contains("helm/credit-scoring/ci/" + values + "-values.yaml");
        }
        for (String cloud : List.of("aws", "gcp", "azure")) {
            for (String file : List.of("versions.tf", "main.tf", "variables.tf", "outputs.tf", "terraform.tfvars.example")) {
                assertThat(paths).contains("terraform/" + cloud + "/" + file);
            }
        }
        assertThat(result.validation().checks()).extracting(Validation.Check::name).contains("helm lint --strict", "helm template + manifest checks",
                "alert rules", "promtool test rules", "terraform fmt", "terraform validate", "Grafana dashboard", "Dockerfile");
        // the README lists the tree and what each validator said
        String readme = result.bundle().content("README.md");
        assertThat(readme).contains("credit-scoring-bundle/", "helm upgrade --install credit-scoring", "- helm lint --strict: passed");
        assertThat(result.bundle().content("model/SHA256SUMS")).isEqualTo(ExportFixtures.classifier().sha256() + "  credit_scoring.pwmodel\n");
        assertThat(result.bundle().content("Dockerfile")).contains("USER 10001:10001", "HEALTHCHECK", "-XX:MaxRAMPercentage=75",
                "-XX:+ExitOnOutOfMemoryError", "\"--sha256\", \"" + ExportFixtures.classifier().sha256() + "\"");
    }

    @Test
    void theServingPodsFollowTheChartDefaults() {
        var result = export(BundleOptions.defaults());
        var documents = render(result, null);
        assertThat(kinds(documents)).containsExactly("Deployment", "NetworkPolicy", "PodDisruptionBudget", "PrometheusRule", "Service",
                "ServiceAccount", "ServiceMonitor");
        JsonNode deployment = only(documents, "Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        JsonNode pod = deployment.at("/spec/template/spec");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(pod.at("/terminationGracePeriodSeconds").asInt()).as("the server's 30 s drain and a margin").isEqualTo(40);
        assertThat(pod.at("/topologySpreadConstraints/0/topologyKey").asText()).isEqualTo("topology.kubernetes.io/zone");
        JsonNode container = pod.at("/containers/0");
        assertThat(container.at("/image").asText()).isEqualTo("credit-scoring:3-" + ExportFixtures.classifier().sha256().substring(0, 12));
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(container.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/v2/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/v2/health/ready");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/v2/health/ready");
        assertThat(pod.at("/volumes/0/emptyDir").isObject()).isTrue();
        assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/tmp");
        var sizing = result.draft().sizing();
        assertThat(container.at("/resources/requests/memory").asText()).isEqualTo(sizing.memory());
        assertThat(sizing.memoryMib()).as("the JVM base and the measured model").isGreaterThanOrEqualTo(PodSizing.BASE_MEMORY_MIB);
        assertThat(container.at("/resources/limits/memory").asText()).isEqualTo(sizing.memory());
        assertThat(container.at("/args").toString()).contains("--max-batch", "--drain-seconds");
        assertThat(only(documents, "PodDisruptionBudget").at("/spec/maxUnavailable").asInt()).isEqualTo(1);
    }

    @Test
    void eachStrategyRendersItsResources() throws IOException {
        var canary = render(export(options("rollout: {strategy: canary, canaryWeights: [20, 50]}\nautoscaling: {mode: hpa}\n")), null);
        assertThat(kinds(canary)).contains("Rollout", "AnalysisTemplate", "HorizontalPodAutoscaler").doesNotContain("Deployment", "ScaledObject");
        JsonNode rollout = only(canary, "Rollout");
        assertThat(rollout.at("/spec/strategy/canary/steps").toString()).contains("{\"setWeight\":20}", "{\"setWeight\":50}");
        assertThat(rollout.at("/spec/strategy/canary/analysis/templates/0/templateName").asText()).isEqualTo("credit-scoring-analysis");
        assertThat(only(canary, "HorizontalPodAutoscaler").at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Rollout");
        JsonNode analysis = only(canary, "AnalysisTemplate");
        assertThat(analysis.at("/spec/metrics").findValuesAsText("name")).contains("p99-latency", "error-rate");
        assertThat(analysis.at("/spec/metrics/0/successCondition").asText()).contains("result[0] <= 0.2");

        var blueGreen = render(export(options("rollout: {strategy: blue-green, autoPromote: true}\n")), null);
        JsonNode strategy = only(blueGreen, "Rollout").at("/spec/strategy/blueGreen");
        assertThat(strategy.at("/activeService").asText()).isEqualTo("credit-scoring");
        assertThat(strategy.at("/previewService").asText()).isEqualTo("credit-scoring-preview");
        assertThat(strategy.at("/autoPromotionEnabled").asBoolean()).isTrue();
        assertThat(blueGreen.stream().filter(document -> document.kind().equals("Service")).count()).isEqualTo(2);

        var keda = render(export(options("autoscaling: {mode: keda, minReplicas: 1, maxReplicas: 30}\n")), null);
        assertThat(kinds(keda)).contains("ScaledObject").doesNotContain("HorizontalPodAutoscaler");
        JsonNode trigger = only(keda, "ScaledObject").at("/spec/triggers/0/metadata");
        assertThat(trigger.at("/query").asText()).contains("pipewright_requests_seconds_count", "job=\"credit-scoring\"");
        assertThat(Double.parseDouble(trigger.at("/threshold").asText())).isPositive();
        assertThat(only(keda, "Deployment").at("/spec/replicas").isMissingNode()).as("the autoscaler owns the replica count").isTrue();

        var shadow = render(export(options("rollout: {strategy: shadow, baselineTag: '2-abc'}\n")), null);
        assertThat(shadow.stream().filter(document -> document.kind().equals("Deployment")).map(document -> document.tree()
                .at("/spec/template/spec/containers/0/image").asText())).containsExactlyInAnyOrder("credit-scoring:2-abc",
                "credit-scoring:3-" + ExportFixtures.classifier().sha256().substring(0, 12));
        JsonNode http = only(shadow, "VirtualService").at("/spec/http/0");
        assertThat(http.at("/mirror/subset").asText()).isEqualTo("candidate");
        assertThat(http.at("/route/0/destination/subset").asText()).isEqualTo("stable");
        assertThat(only(shadow, "DestinationRule").at("/spec/subsets").findValuesAsText("name")).containsExactly("stable", "candidate");

        var ab = render(export(options("rollout: {strategy: ab, baselineTag: '2-abc', abCandidateWeight: 25}\n")), null);
        assertThat(only(ab, "VirtualService").at("/spec/http/1/route").findValuesAsText("weight")).containsExactly("75", "25");
    }

    @Test
    void gpuAndSpotNodesFollowTheCloud() throws IOException {
        var result = export(options("gpu: {enabled: true, count: 2}\nspot: {enabled: true}\ncloud: {provider: gcp, region: europe-west4}\n"));
        JsonNode pod = only(render(result, null), "Deployment").at("/spec/template/spec");
        assertThat(pod.at("/containers/0/resources/limits/nvidia.com~1gpu").asText()).isEqualTo("2");
        assertThat(pod.at("/nodeSelector").toString()).contains("\"cloud.google.com/gke-spot\":\"true\"", "\"pipewright.io/gpu\":\"true\"");
        assertThat(pod.at("/tolerations").findValuesAsText("key")).containsExactlyInAnyOrder("nvidia.com/gpu", "cloud.google.com/gke-spot");
        assertThat(result.bundle().content("terraform/gcp/terraform.tfvars.example")).contains("spot              = true", "gpu_count         = 2",
                "region            = \"europe-west4\"");
        assertThat(result.bundle().content("runbooks/cost.md")).contains("GPU 2", "spot: yes");

        var azure = export(options("spot: {enabled: true}\ncloud: {provider: azure}\n"));
        assertThat(only(render(azure, null), "Deployment").at("/spec/template/spec/nodeSelector").toString())
                .contains("kubernetes.azure.com/scalesetpriority");
    }

    @Test
    void ingressAndTheTrainingJobRenderWhenChosen() throws IOException {
        var result = export(options("ingress: {enabled: true, host: models.example.org, tlsSecret: models-tls}\n"
                + "trainingJob: {enabled: true, pipelineConfigMap: credit-pipeline, dataClaim: credit-data}\nnamespace: ml\n"));
        var documents = render(result, null);
        JsonNode ingress = only(documents, "Ingress");
        assertThat(ingress.at("/spec/rules/0/host").asText()).isEqualTo("models.example.org");
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isEqualTo("models-tls");
        JsonNode job = only(documents, "Job");
        assertThat(job.at("/spec/template/spec/containers/0/command").toString()).contains("run", "/config/pipeline.yaml");
        assertThat(job.at("/spec/template/spec/volumes/0/configMap/name").asText()).isEqualTo("credit-pipeline");
        assertThat(only(documents, "Deployment").at("/metadata/name").asText()).isEqualTo("credit-scoring");
    }

    @Test
    void theMonitorCronJobEvaluatesTheMonitorFileOnItsSchedule() throws IOException {
        var result = export(options("monitorJob: {enabled: true, schedule: '30 5 * * 1', monitorConfigMap: credit-monitor, dataClaim: credit-data}\n"));
        JsonNode cron = only(render(result, null), "CronJob");
        assertThat(cron.at("/spec/schedule").asText()).isEqualTo("30 5 * * 1");
        assertThat(cron.at("/spec/concurrencyPolicy").asText()).as("one evaluation at a time").isEqualTo("Forbid");
        JsonNode pod = cron.at("/spec/jobTemplate/spec/template/spec");
        assertThat(pod.at("/containers/0/command").toString()).contains("\"monitor\",\"run\",\"/config/monitor.yaml\"");
        assertThat(pod.at("/volumes/0/configMap/name").asText()).isEqualTo("credit-monitor");
        assertThat(pod.at("/volumes/1/persistentVolumeClaim/claimName").asText()).isEqualTo("credit-data");
        assertThat(kinds(render(export(options("")), null))).doesNotContain("CronJob");

        Path bad = Files.writeString(dir.resolve("bad.yaml"), "monitorJob: {enabled: true, schedule: 'every day', monitorConfigMap: m, dataClaim: d}\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BundleOptions.read(bad))
                .hasMessage("bad.yaml: monitorJob.schedule: must be a cron schedule of five fields (minute hour day month weekday), not 'every day'");
    }

    @Test
    void alertRulesMatchThePrometheusRuleAndFollowTheThresholds() throws IOException {
        var result = export(options("alerts: {p99LatencyMs: 80, errorRatePercent: 2.5, driftPsi: 0.25, runbookBaseUrl: 'https://wiki.example.org/runbooks'}\n"));
        JsonNode rule = only(render(result, null), "PrometheusRule").at("/spec");
        JsonNode file = YAML.readTree(result.bundle().content("monitoring/prometheus/alerts.yaml"));
        assertThat(file).isEqualTo(rule);
        assertThat(file.findValuesAsText("alert")).containsExactly("PipewrightHighLatencyP99", "PipewrightHighErrorRate", "PipewrightFeatureDrift",
                "PipewrightTargetDown");
        assertThat(file.findValuesAsText("expr")).anyMatch(expr -> expr.endsWith("> 0.08")).anyMatch(expr -> expr.endsWith("> 0.025"))
                .anyMatch(expr -> expr.endsWith("> 0.25"));
        assertThat(file.findValuesAsText("runbook_url")).contains("https://wiki.example.org/runbooks/high-latency.md",
                "https://wiki.example.org/runbooks/drift-and-retrain.md");
        assertThat(result.bundle().content("monitoring/prometheus/alerts.yaml")).contains("# route:", "pagerduty_configs");
        JsonNode tests = YAML.readTree(result.bundle().content("monitoring/prometheus/alerts_test.yaml")).path("tests");
        assertThat(tests).hasSize(8);
        assertThat(result.validation().checks()).filteredOn(check -> check.name().equals("promtool test rules"))
                .allMatch(check -> check.status() != Validation.Status.FAILED, "promtool passes (or is not installed)");
    }

    @Test
    void onlyAValidBundleIsWrittenAndAZipHoldsTheSameFiles() throws IOException {
        var result = export(BundleOptions.defaults());
        var zip = Exporter.write(result, dir, true).written();
        assertThat(zip.getFileName().toString()).isEqualTo("credit-scoring-bundle.zip");
        try (var file = new ZipFile(zip.toFile())) {
            assertThat(file.stream().map(java.util.zip.ZipEntry::getName).toList()).contains("credit-scoring-bundle/Dockerfile",
                    "credit-scoring-bundle/helm/credit-scoring/values.yaml", "credit-scoring-bundle/model/credit_scoring.pwmodel")
                    .hasSize(result.bundle().entries().size());
            var model = file.getEntry("credit-scoring-bundle/model/credit_scoring.pwmodel");
            assertThat(model.getSize()).isEqualTo(Files.size(ExportFixtures.classifierArtifact()));
        }
        Path folder = Exporter.write(result, dir, false).written();
        assertThat(folder.resolve("helm/credit-scoring/Chart.yaml")).exists();
        // a second export replaces the first whole
        Files.writeString(folder.resolve("stale.txt"), "left from before");
        Exporter.write(result, dir, false);
        assertThat(folder.resolve("stale.txt")).doesNotExist();

        var failed = new Exporter.Result(result.draft(), new Validation(List.of(Validation.Check.of("helm lint --strict", "x", List.of("broken")))), null);
        assertThatThrownBy(() -> Exporter.write(failed, dir.resolve("never"), false)).hasMessageContaining("failed validation")
                .hasMessageContaining("broken");
        assertThat(dir.resolve("never")).doesNotExist();
    }

    @Test
    void aRegressionModelsDashboardShowsPredictedValues() throws IOException {
        var draft = Exporter.draft(ExportFixtures.regressor(), BundleOptions.defaults(), null);
        JsonNode dashboard = new ObjectMapper().readTree(draft.bundle().content("monitoring/grafana/dashboard.json"));
        assertThat(dashboard.at("/__inputs/0/name").asText()).isEqualTo("DS_PROMETHEUS");
        assertThat(dashboard.path("panels").findValuesAsText("title")).contains("Request rate", "Error rate", "Latency", "Predicted values",
                "Feature drift (PSI)", "CPU", "Memory", "Replicas");
        assertThat(dashboard.toString()).contains("pipewright_prediction_value_sum").doesNotContain("pipewright_predictions_total");
        assertThat(draft.chart()).isEqualTo("x-regression");
    }

    @Test
    void aChangedArtifactIsRefused() throws IOException {
        Path copy = dir.resolve("copy.pwmodel");
        Files.copy(ExportFixtures.classifierArtifact(), copy);
        assertThatThrownBy(() -> ModelFacts.measure(copy, "credit_scoring", "3", "0".repeat(64)))
                .hasMessageContaining("copy.pwmodel: its SHA-256 is").hasMessageContaining("not the " + "0".repeat(64));
    }

    @Test
    void podSizingFollowsTheMeasurementsAndTheExpectedTraffic() throws IOException {
        var facts = ExportFixtures.classifier();
        var light = PodSizing.of(facts, BundleOptions.defaults());
        var busy = PodSizing.of(facts, options("serving: {expectedRequestsPerSecond: 20000}\nreplicas: 2\n"));
        assertThat(light.cpuMillis()).isEqualTo(250);
        assertThat(busy.cpuMillis()).as("10,000 requests/s a replica at %.0f µs each, half busy", busy.microsPerRequest())
                .isEqualTo((int) (Math.ceil(10_000 * busy.microsPerRequest() / 1e3 * 2 / 50.0) * 50));
        assertThat(busy.memoryMib()).as("more model copies under a higher CPU limit").isGreaterThanOrEqualTo(light.memoryMib());
        var given = PodSizing.of(facts, options("resources: {cpu: '1.5', memory: 2Gi}\n"));
        assertThat(given.cpu()).isEqualTo("1500m");
        assertThat(given.memory()).isEqualTo("2048Mi");
        double cost = given.monthlyCost(options("replicas: 2\nprices: {vcpuHour: 0.04, memoryGibHour: 0.005}\n"), 2);
        assertThat(cost).as("2 × (1.5 × 0.04 + 2 × 0.005) × 730").isCloseTo(2 * (1.5 * 0.04 + 2 * 0.005) * 730, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Map.of("spot", given.monthlyCost(options("spot: {enabled: true}\nprices: {spotDiscount: 0.6}\n"), 1)).get("spot"))
                .isCloseTo((1.5 * 0.0425 + 2 * 0.0057) * 730 * 0.4, org.assertj.core.data.Offset.offset(1e-9));
    }
}
