package io.pipewright.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The chart's {@code values.yaml}, as typed records written by Jackson. The field names are the
 * templates' {@code .Values} paths and {@code values.schema.json}'s properties; a test renders every
 * template with these values and with each {@code ci/*-values.yaml}.
 */
@JsonPropertyOrder({"nameOverride", "fullnameOverride", "model", "image", "imagePullSecrets", "replicaCount", "podAnnotations", "securityContext",
    "serve", "grpc", "probes", "tmpSizeLimit", "resources", "serviceAccount", "service", "autoscaling", "podDisruptionBudget", "gpu", "spot", "nodeSelector",
    "tolerations", "topologySpread", "ingress", "networkPolicy", "metrics", "alerts", "rollout", "stream", "features", "trainingJob", "monitorJob", "tests"})
public record ChartValues(String nameOverride, String fullnameOverride, Model model, Image image, List<Map<String, String>> imagePullSecrets,
                          int replicaCount, Map<String, String> podAnnotations, SecurityContext securityContext, Serve serve, Probes probes,
                          String tmpSizeLimit, Resources resources, ServiceAccount serviceAccount, Service service, Autoscaling autoscaling,
                          PodDisruptionBudget podDisruptionBudget, Gpu gpu, Spot spot, Map<String, String> nodeSelector, List<Toleration> tolerations,
                          TopologySpread topologySpread, Ingress ingress, NetworkPolicy networkPolicy, Metrics metrics, Alerts alerts, Rollout rollout,
                          TrainingJob trainingJob, MonitorJob monitorJob, Tests tests,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Grpc grpc, @JsonInclude(JsonInclude.Include.NON_NULL) Stream stream,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Features features) {

    /** The non-root user and group the image and the pods run as. */
    public static final int UID = 10001;
    /** The port the server answers HTTP on (the image's ENTRYPOINT says {@code --port 8080}). */
    public static final int HTTP_PORT = 8080;
    /** The port the streaming scorer serves its {@code /metrics} on. */
    public static final int STREAM_METRICS_PORT = 9464;

    /** gRPC beside REST: absent from values.yaml unless chosen, so a chart without it is written as before. */
    public record Grpc(boolean enabled, int port) {
    }

    /** The streaming scorer's Deployment and its KEDA ScaledObject: absent from values.yaml unless chosen. */
    @JsonPropertyOrder({"enabled", "artifact", "bootstrap", "brokerPorts", "in", "out", "dlq", "group", "metricsPort", "lagThreshold", "lagAlert",
        "lagAlertFor", "minReplicas", "maxReplicas", "pollingInterval", "cooldownPeriod", "terminationGracePeriodSeconds"})
    public record Stream(boolean enabled, String artifact, String bootstrap, List<Integer> brokerPorts, String in, String out, String dlq, String group,
                         int metricsPort, int lagThreshold, long lagAlert, String lagAlertFor, int minReplicas, int maxReplicas, int pollingInterval,
                         int cooldownPeriod, int terminationGracePeriodSeconds) {
    }

    /**
     * The online feature store the server and the streaming scorer read a model's features from by entity key
     * ({@code $PIPEWRIGHT_ONLINE}, the login from a Secret): absent from values.yaml unless one is named.
     */
    @JsonPropertyOrder({"views", "online", "ports", "credentialsSecret"})
    public record Features(List<String> views, String online, List<Integer> ports, String credentialsSecret) {
    }

    public record Model(String name, String version, String sha256, String algorithm, String task) {
    }

    public record Image(String repository, String tag, String pullPolicy) {
    }

    public record SecurityContext(int uid, int gid) {
    }

    public record Serve(int port, int maxBatch, double maxLatencyMs, int driftWindow, int drainSeconds, String javaOptions) {
    }

    public record Probes(int startupFailureThreshold) {
    }

    public record Requests(String cpu, String memory) {
    }

    public record Resources(Requests requests, Requests limits) {
    }

    public record ServiceAccount(boolean create, String name, Map<String, String> annotations) {
    }

    public record Service(String type, int port) {
    }

    public record Keda(String prometheusAddress, double requestsPerSecondPerReplica, int pollingInterval, int cooldownPeriod) {
    }

    @JsonPropertyOrder({"mode", "minReplicas", "maxReplicas", "targetCPUUtilizationPercentage", "keda"})
    public record Autoscaling(String mode, int minReplicas, int maxReplicas, int targetCPUUtilizationPercentage, Keda keda) {
    }

    public record PodDisruptionBudget(int maxUnavailable) {
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Toleration(String key, String operator, String value, String effect) {
    }

    public record Gpu(boolean enabled, int count, String resourceName, Map<String, String> nodeSelector, List<Toleration> tolerations) {
    }

    public record Spot(boolean enabled, String cloud, Map<String, String> nodeSelector, List<Toleration> tolerations) {
    }

    public record TopologySpread(boolean enabled, int maxSkew, String whenUnsatisfiable) {
    }

    public record Ingress(boolean enabled, String className, String host, String tlsSecret, Map<String, String> annotations) {
    }

    public record NetworkPolicy(boolean enabled, List<String> allowNamespaces) {
    }

    public record ServiceMonitor(boolean enabled, String interval, Map<String, String> labels) {
    }

    public record PrometheusRule(boolean enabled, Map<String, String> labels) {
    }

    public record Metrics(ServiceMonitor serviceMonitor, PrometheusRule prometheusRule) {
    }

    public record Alerts(double p99LatencySeconds, double errorRate, double driftPsi, String latencyFor, String errorFor, String driftFor,
                         String downFor, String severity, String runbookBaseUrl) {
    }

    public record Baseline(String imageTag) {
    }

    public record Canary(List<Integer> weights, String pause) {
    }

    public record BlueGreen(boolean autoPromotionEnabled, int scaleDownDelaySeconds) {
    }

    public record Analysis(boolean enabled, String prometheusAddress, String interval, int count, int failureLimit) {
    }

    public record Shadow(double mirrorPercent) {
    }

    public record Ab(String header, String value, int candidateWeight) {
    }

    public record Istio(List<String> gateways) {
    }

    @JsonPropertyOrder({"strategy", "candidateReplicas", "baseline", "canary", "blueGreen", "analysis", "shadow", "ab", "istio"})
    public record Rollout(String strategy, int candidateReplicas, Baseline baseline, Canary canary, BlueGreen blueGreen, Analysis analysis, Shadow shadow,
                          Ab ab, Istio istio) {
    }

    public record TrainingJob(boolean enabled, String pipelineConfigMap, String pipelineKey, String dataClaim, int backoffLimit,
                              int activeDeadlineSeconds, Map<String, Object> resources) {
    }

    public record MonitorJob(boolean enabled, String schedule, String monitorConfigMap, String monitorKey, String dataClaim,
                             int activeDeadlineSeconds, Map<String, Object> resources) {
    }

    public record Tests(String image) {
    }

    /** A Job's requests and limits, in this order (a {@code Map.of} would be written in another order by each run). */
    private static Map<String, Object> jobResources() {
        var requests = new java.util.LinkedHashMap<String, Object>();
        requests.put("cpu", "2");
        requests.put("memory", "4Gi");
        var resources = new java.util.LinkedHashMap<String, Object>();
        resources.put("requests", requests);
        resources.put("limits", Map.of("memory", "4Gi"));
        return resources;
    }

    /** The node labels and taints of spot nodes on each cloud (the Terraform node pools carry the same). */
    static Spot spot(String cloud, boolean enabled) {
        return switch (cloud) {
            case "gcp" -> new Spot(enabled, cloud, Map.of("cloud.google.com/gke-spot", "true"),
                    List.of(new Toleration("cloud.google.com/gke-spot", "Equal", "true", "NoSchedule")));
            case "azure" -> new Spot(enabled, cloud, Map.of("kubernetes.azure.com/scalesetpriority", "spot"),
                    List.of(new Toleration("kubernetes.azure.com/scalesetpriority", "Equal", "spot", "NoSchedule")));
            default -> new Spot(enabled, cloud, Map.of("eks.amazonaws.com/capacityType", "SPOT"),
                    List.of(new Toleration("pipewright.io/spot", "Equal", "true", "NoSchedule")));
        };
    }

    public static ChartValues of(ModelFacts facts, BundleOptions options, PodSizing sizing, String imageRepository, String imageTag, String runbookBaseUrl) {
        var serving = options.serving();
        var autoscaling = options.autoscaling();
        var rollout = options.rollout();
        var alerts = options.alerts();
        return new ChartValues("", "",
                new Model(facts.name(), facts.version(), facts.sha256(), facts.manifest().algorithm(), facts.manifest().task()),
                new Image(imageRepository, imageTag, "IfNotPresent"), List.of(), options.replicas(), Map.of(), new SecurityContext(UID, UID),
                new Serve(HTTP_PORT, serving.maxBatch(), serving.maxLatencyMs(), serving.driftWindow(), serving.drainSeconds(),
                        "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"),
                new Probes(60), "256Mi",
                new Resources(new Requests(sizing.cpu(), sizing.memory()), new Requests(sizing.cpuLimit(), sizing.memory())),
                new ServiceAccount(true, "", Map.of()), new Service("ClusterIP", 80),
                new Autoscaling(autoscaling.mode(), autoscaling.minReplicas(), autoscaling.maxReplicas(), autoscaling.targetCpuPercent(),
                        new Keda(autoscaling.prometheusAddress(), sizing.requestsPerSecondPerReplica(), 15, 300)),
                new PodDisruptionBudget(1),
                new Gpu(options.gpu().enabled(), options.gpu().count(), "nvidia.com/gpu", Map.of("pipewright.io/gpu", "true"),
                        List.of(new Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule"))),
                spot(options.cloud().provider(), options.spot().enabled()), Map.of(), List.of(),
                new TopologySpread(true, 1, "ScheduleAnyway"),
                new Ingress(options.ingress().enabled(), options.ingress().className(), options.ingress().host(), options.ingress().tlsSecret(), Map.of()),
                new NetworkPolicy(true, List.of("ingress-nginx", "monitoring", "istio-system")),
                new Metrics(new ServiceMonitor(true, "30s", Map.of()), new PrometheusRule(true, Map.of())),
                new Alerts(alerts.p99LatencyMs() / 1000, alerts.errorRatePercent() / 100, alerts.driftPsi(), "10m", "5m", "30m", "5m", "critical",
                        runbookBaseUrl),
                new Rollout(rollout.strategy(), 1, new Baseline(rollout.baselineTag()), new Canary(rollout.canaryWeights(), rollout.canaryPause()),
                        new BlueGreen(rollout.autoPromote(), 30),
                        new Analysis(rollout.analysis(), autoscaling.prometheusAddress(), "1m", 5, 1),
                        new Shadow(rollout.mirrorPercent()), new Ab(rollout.abHeader(), rollout.abValue(), rollout.abCandidateWeight()),
                        new Istio(List.of())),
                new TrainingJob(options.trainingJob().enabled(), options.trainingJob().pipelineConfigMap(), "pipeline.yaml",
                        options.trainingJob().dataClaim(), 1, 6 * 3600,
                        jobResources()),
                new MonitorJob(options.monitorJob().enabled(), options.monitorJob().schedule(), options.monitorJob().monitorConfigMap(), "monitor.yaml",
                        options.monitorJob().dataClaim(), 6 * 3600,
                        jobResources()),
                new Tests("busybox:1.36.1"),
                options.grpc().enabled() ? new Grpc(true, options.grpc().port()) : null,
                options.stream().enabled() ? stream(facts, options.stream()) : null,
                options.features().online().isEmpty() ? null : new Features(BundleOptions.lookupViews(facts.manifest()), options.features().online(),
                        options.features().ports(), options.features().credentialsSecret()));
    }

    /**
     * The scorer's values. Its lag alert fires when the lag stays above what every replica KEDA may start is meant to hold
     * ({@code lagThreshold × maxReplicas}): scaling cannot catch up any more.
     */
    static Stream stream(ModelFacts facts, BundleOptions.Stream stream) {
        String group = stream.group().isEmpty() ? "pipewright-" + facts.name() : stream.group();
        return new Stream(true, "/opt/model/" + BundleWriter.artifactName(facts), stream.bootstrap(), stream.brokerPorts(), stream.in(), stream.out(),
                stream.dlq(), group, STREAM_METRICS_PORT, stream.lagThreshold(), (long) stream.lagThreshold() * stream.maxReplicas(), "10m",
                stream.minReplicas(), stream.maxReplicas(), 15, 300, 60);
    }
}
