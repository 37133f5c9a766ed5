package io.pipewright.export;

import static io.pipewright.export.BundleExportTest.kinds;
import static io.pipewright.export.BundleExportTest.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle's streaming mode (a Deployment running {@code pipewright stream}, scaled by KEDA on the consumer lag, with its alerts and
 * dashboard panels) and the server's gRPC port (container, Service and Istio routes): what the chart renders, the exact command lines,
 * the checks they pass, and one line naming the option for each mistake.
 */
class StreamAndGrpcBundleTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String STREAM = "stream: {enabled: true, bootstrap: 'kafka-0.kafka:9092, kafka-1.kafka:9093', in: loans, out: loan-scores, "
            + "dlq: loans-dlq, lagThreshold: 200, minReplicas: 0, maxReplicas: 6}\n";

    @TempDir
    Path dir;

    private List<ManifestChecks.Document> render(Exporter.Result result, String ciValues) {
        return new BundleExportTest() {
            {
                dir = StreamAndGrpcBundleTest.this.dir;
            }
        }.render(result, ciValues);
    }

    private static JsonNode named(List<ManifestChecks.Document> documents, String kind, String name) {
        var matching = documents.stream().filter(document -> document.kind().equals(kind) && document.name().equals(name)).toList();
        assertThat(matching).as(kind + " " + name).hasSize(1);
        return matching.get(0).tree();
    }

    private static List<String> texts(JsonNode array) {
        var texts = new ArrayList<String>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    @Test
    void theStreamingModeRunsPipewrightStreamScaledByKedaOnTheLag() throws IOException {
        var result = BundleExportTest.export(options(STREAM));
        assertThat(result.validation().problems()).isEmpty();
        var documents = render(result, null);
        JsonNode deployment = named(documents, "Deployment", "credit-scoring-stream");
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(container.at("/image").asText()).isEqualTo("credit-scoring:3-" + ExportFixtures.classifier().sha256().substring(0, 12));
        assertThat(texts(container.at("/command"))).containsExactly("pipewright");
        assertThat(texts(container.at("/args"))).containsExactly("stream", "--artifact", "/opt/model/credit_scoring.pwmodel",
                "--bootstrap", "kafka-0.kafka:9092,kafka-1.kafka:9093", "--in", "loans", "--out", "loan-scores", "--dlq", "loans-dlq",
                "--group", "pipewright-credit_scoring", "--metrics-port", "9464", "--max-batch", "16", "--max-latency-ms", "1");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(container.at("/" + probe + "/httpGet/path").asText()).as(probe).isEqualTo("/metrics");
            assertThat(container.at("/" + probe + "/httpGet/port").asText()).as(probe).isEqualTo("metrics");
        }
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(9464);
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(deployment.at("/spec/template/spec/securityContext/runAsUser").asInt()).isEqualTo(10001);
        assertThat(deployment.at("/spec/replicas").isMissingNode()).as("KEDA owns the scorer's replica count").isTrue();
        assertThat(deployment.at("/spec/template/metadata/labels/app.kubernetes.io~1name").asText()).isEqualTo("credit-scoring-stream");

        JsonNode scaled = named(documents, "ScaledObject", "credit-scoring-stream");
        assertThat(scaled.at("/apiVersion").asText()).isEqualTo("keda.sh/v1alpha1");
        assertThat(scaled.at("/spec/scaleTargetRef/name").asText()).isEqualTo("credit-scoring-stream");
        assertThat(scaled.at("/spec/minReplicaCount").asInt()).isZero();
        assertThat(scaled.at("/spec/maxReplicaCount").asInt()).isEqualTo(6);
        JsonNode trigger = scaled.at("/spec/triggers/0");
        assertThat(trigger.at("/type").asText()).isEqualTo("kafka");
        assertThat(trigger.at("/metadata/bootstrapServers").asText()).isEqualTo("kafka-0.kafka:9092,kafka-1.kafka:9093");
        assertThat(trigger.at("/metadata/consumerGroup").asText()).isEqualTo("pipewright-credit_scoring");
        assertThat(trigger.at("/metadata/topic").asText()).isEqualTo("loans");
        assertThat(trigger.at("/metadata/lagThreshold").asText()).isEqualTo("200");
        assertThat(KedaSchema.validate(scaled)).as("KEDA's CRD schema").isEmpty();

        // the server keeps its own Service, PDB and NetworkPolicy; the scorer gets its own, and none selects the other's pods
        assertThat(named(documents, "Service", "credit-scoring").at("/spec/selector/app.kubernetes.io~1name").asText()).isEqualTo("credit-scoring");
        assertThat(named(documents, "Service", "credit-scoring-stream").at("/spec/ports/0/name").asText()).isEqualTo("metrics");
        assertThat(named(documents, "ServiceMonitor", "credit-scoring-stream").at("/spec/endpoints/0/port").asText()).isEqualTo("metrics");
        named(documents, "PodDisruptionBudget", "credit-scoring-stream");
        JsonNode policy = named(documents, "NetworkPolicy", "credit-scoring-stream");
        assertThat(policy.at("/spec/egress/1/ports").findValuesAsText("port")).as("the brokers' ports").containsExactly("9092", "9093");
        assertThat(named(documents, "Deployment", "credit-scoring").at("/spec/template/spec/containers/0/args").toString()).doesNotContain("--grpc-port");

        // the alerts and the dashboard read the scorer's metrics; the runbook they link is in the bundle
        JsonNode alerts = YAML.readTree(result.bundle().content("monitoring/prometheus/alerts.yaml"));
        assertThat(alerts.findValuesAsText("alert")).contains("PipewrightStreamLag", "PipewrightStreamDeadLetters");
        assertThat(alerts.findValuesAsText("expr")).contains(
                "sum by (job) (pipewright_stream_lag{job=\"credit-scoring-stream\"}) > 1200",
                "sum by (job) (rate(pipewright_stream_dlq_total{job=\"credit-scoring-stream\"}[5m])) / sum by (job) "
                        + "(rate(pipewright_stream_records_total{job=\"credit-scoring-stream\", result=\"in\"}[5m])) > 0.01");
        assertThat(result.bundle().content("runbooks/streaming.md")).contains("reads `loans` as consumer group `pipewright-credit_scoring`",
                "above\n  1200 for 10 minutes");
        assertThat(result.bundle().content("runbooks/cost.md")).containsPattern("The streaming scorer adds 0 to 6 pods at the same requests: 0\\.00 to [0-9,.]+ USD a month\\.");
        assertThat(YAML.readTree(result.bundle().content("monitoring/prometheus/alerts_test.yaml")).path("tests")).hasSize(12);
        JsonNode dashboard = new ObjectMapper().readTree(result.bundle().content("monitoring/grafana/dashboard.json"));
        assertThat(dashboard.path("panels").findValuesAsText("title")).contains("Stream: consumer lag", "Stream: DLQ rate", "Stream: records/s",
                "Stream: end-to-end latency p99");
        assertThat(dashboard.toString()).contains("pipewright_stream_latency_seconds_bucket", "histogram_quantile(0.99");
        assertThat(result.bundle().content("README.md")).contains("## Streaming", "kafka-console-producer.sh --bootstrap-server kafka-0.kafka:9092,kafka-1.kafka:9093 --topic loans");
        assertThat(result.validation().lines()).anyMatch(line -> line.startsWith("alert rules: passed") && line.contains("streaming scorer"));
    }

    @Test
    void onGpuAndSpotNodesTheScorerRunsWhereTheServerDoes() throws IOException {
        var documents = render(BundleExportTest.export(options(STREAM + "gpu: {enabled: true}\nspot: {enabled: true}\n")), null);
        JsonNode server = named(documents, "Deployment", "credit-scoring").at("/spec/template/spec");
        JsonNode scorer = named(documents, "Deployment", "credit-scoring-stream").at("/spec/template/spec");
        assertThat(scorer.at("/nodeSelector")).isEqualTo(server.at("/nodeSelector"));
        assertThat(scorer.at("/tolerations")).isEqualTo(server.at("/tolerations"));
        assertThat(scorer.at("/containers/0/resources/limits/nvidia.com~1gpu").asText()).isEqualTo("1");
    }

    @Test
    void theGrpcPortReachesTheContainerTheServiceAndTheIstioRoutes() throws IOException {
        var plain = render(BundleExportTest.export(options("grpc: {enabled: true, port: 9001}\n")), null);
        JsonNode container = BundleExportTest.only(plain, "Deployment").at("/spec/template/spec/containers/0");
        List<String> args = texts(container.at("/args"));
        assertThat(args.subList(args.size() - 2, args.size())).containsExactly("--grpc-port", "9001");
        assertThat(container.at("/ports/1/name").asText()).isEqualTo("grpc");
        assertThat(container.at("/ports/1/containerPort").asInt()).isEqualTo(9001);
        JsonNode port = BundleExportTest.only(plain, "Service").at("/spec/ports/1");
        assertThat(port.at("/name").asText()).isEqualTo("grpc");
        assertThat(port.at("/port").asInt()).isEqualTo(9001);
        assertThat(port.at("/targetPort").asText()).isEqualTo("grpc");
        assertThat(port.at("/appProtocol").asText()).isEqualTo("grpc");
        assertThat(BundleExportTest.only(plain, "NetworkPolicy").at("/spec/ingress/0/ports").findValuesAsText("port")).containsExactly("http", "grpc");

        var ab = render(BundleExportTest.export(options("grpc: {enabled: true}\nrollout: {strategy: ab, baselineTag: '2-abc', abCandidateWeight: 25}\n")), null);
        JsonNode http = BundleExportTest.only(ab, "VirtualService").at("/spec/http");
        assertThat(http.findValuesAsText("name")).containsExactly("grpc-ab-header", "grpc-ab-weighted", "ab-header", "ab-weighted");
        assertThat(http.at("/0/match/0/port").asInt()).isEqualTo(8081);
        assertThat(http.at("/0/match/0/headers/x-model-variant/exact").asText()).isEqualTo("b");
        assertThat(http.at("/1/route").findValuesAsText("weight")).containsExactly("75", "25");
        assertThat(http.at("/1/route/1/destination/port/number").asInt()).isEqualTo(8081);

        var shadow = render(BundleExportTest.export(options("grpc: {enabled: true}\nrollout: {strategy: shadow, baselineTag: '2-abc'}\n")), null);
        JsonNode mirror = BundleExportTest.only(shadow, "VirtualService").at("/spec/http/0");
        assertThat(mirror.at("/name").asText()).isEqualTo("grpc-shadow");
        assertThat(mirror.at("/mirror/port/number").asInt()).isEqualTo(8081);
    }

    @Test
    void everyBundleValidatesTheChartWithTheStreamingAndGrpcValuesFiles() {
        var result = BundleExportTest.export(BundleOptions.defaults());
        assertThat(result.bundle().content("helm/credit-scoring/ci/stream-values.yaml")).contains("artifact: /opt/model/credit_scoring.pwmodel",
                "group: pipewright-credit_scoring");
        var streaming = render(result, "stream");
        assertThat(kinds(streaming)).contains("ScaledObject");
        var grpc = render(result, "grpc");
        assertThat(BundleExportTest.only(grpc, "Service").at("/spec/ports/1/appProtocol").asText()).isEqualTo("grpc");
        assertThat(result.validation().lines()).anyMatch(line -> line.startsWith("helm template + manifest checks: passed (9 renders"));
    }

    @Test
    void mistakesInTheStreamingAndGrpcOptionsAreNamed() throws IOException {
        Path file = dir.resolve("options.yaml");
        for (var mistake : List.of(
                new String[] {"stream: {enabled: true, in: a, out: b}\n",
                        "options.yaml: stream.bootstrap: the streaming mode needs the Kafka brokers to start from, like kafka.example.com:9092"},
                new String[] {"stream: {enabled: true, bootstrap: 'kafka', in: a, out: b}\n",
                        "options.yaml: stream.bootstrap: must be HOST:PORT of a Kafka broker, or several separated by ',', not 'kafka'"},
                new String[] {"stream: {enabled: true, bootstrap: 'k:9092', out: b}\n", "options.yaml: stream.in: the streaming mode needs the input topic"},
                new String[] {"stream: {enabled: true, bootstrap: 'k:9092', in: 'loans in', out: b}\n",
                        "options.yaml: stream.in: must be a Kafka topic name (letters, digits, '.', '_' and '-', up to 249 characters), not 'loans in'"},
                new String[] {"stream: {enabled: true, bootstrap: 'k:9092', in: a, out: a}\n",
                        "options.yaml: stream.out: must differ from the input topic (the scorer would read its own predictions)"},
                new String[] {"stream: {enabled: true, bootstrap: 'k:9092', in: a, out: b, dlq: b}\n",
                        "options.yaml: stream.dlq: must differ from the input and output topics"},
                new String[] {"stream: {minReplicas: 4, maxReplicas: 2}\n", "options.yaml: stream.maxReplicas: must be at least minReplicas (4)"},
                new String[] {"stream: {lagThreshold: 0}\n", "options.yaml: stream.lagThreshold: must be between 1 and 10000000, not 0"},
                new String[] {"stream: {enabled: true, bootstrap: 'k:9092', in: a, out: b, group: 'my group'}\n",
                        "options.yaml: stream.group: must be letters, digits, '.', '_' and '-', up to 249 characters, not 'my group'"},
                new String[] {"grpc: {enabled: true, port: 8080}\n", "options.yaml: grpc.port: must differ from the HTTP port 8080"},
                new String[] {"grpc: {port: 80}\n", "options.yaml: grpc.port: must be between 1024 and 65535, not 80"},
                new String[] {"stream: {enabld: true}\n", "options.yaml: line 1: unknown field 'stream.enabld' (did you mean 'enabled'?)"})) {
            Files.writeString(file, mistake[0]);
            assertThatThrownBy(() -> BundleOptions.read(file)).as(mistake[0]).hasMessage(mistake[1]);
        }
    }
}
