package io.pipewright.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.pipewright.work.Suggestions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a person chooses for a deployment bundle: the options file of {@code pipewright export --options}
 * and the Deploy workspace's form. Every field has a default (an absent field takes it), and
 * {@link #problems()} names each value that cannot be used, by its path in the file.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleOptions(String name, String namespace, Image image, Integer replicas, Autoscaling autoscaling, Gpu gpu, Spot spot, Cloud cloud,
                            Rollout rollout, Ingress ingress, Alerts alerts, Serving serving, Resources resources, Prices prices, TrainingJob trainingJob,
                            MonitorJob monitorJob, Stream stream, Grpc grpc, Features features) {

    public static final List<String> STRATEGIES = List.of("rolling", "canary", "blue-green", "shadow", "ab");
    public static final List<String> AUTOSCALING_MODES = List.of("none", "hpa", "keda");
    public static final List<String> CLOUDS = List.of("aws", "gcp", "azure");

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern IMAGE_REPOSITORY = Pattern.compile("[a-z0-9]+([._/:-][a-z0-9]+)*");
    private static final Pattern IMAGE_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern CRON = Pattern.compile("(@(hourly|daily|weekly|monthly))|([0-9*/,-]+\\s+){4}[0-9*/,A-Za-z-]+");
    private static final Pattern DURATION = Pattern.compile("[0-9]+(s|m|h)");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern BOOTSTRAP = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:[0-9]{1,5}(,[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:[0-9]{1,5})*");
    private static final Pattern ONLINE_URL = Pattern.compile("jdbc:postgresql://([^/?#]+)/[^/?#]+([?].*)?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|Ki|Mi|Gi|Ti)?");

    public BundleOptions {
        name = name == null ? "" : name.strip();
        namespace = namespace == null ? "default" : namespace.strip();
        image = image == null ? new Image(null, null) : image;
        replicas = replicas == null ? 2 : replicas;
        autoscaling = autoscaling == null ? new Autoscaling(null, null, null, null, null, null) : autoscaling;
        gpu = gpu == null ? new Gpu(null, null, null) : gpu;
        spot = spot == null ? new Spot(null) : spot;
        cloud = cloud == null ? new Cloud(null, null, null, null, null) : cloud;
        rollout = rollout == null ? new Rollout(null, null, null, null, null, null, null, null, null, null) : rollout;
        ingress = ingress == null ? new Ingress(null, null, null, null) : ingress;
        alerts = alerts == null ? new Alerts(null, null, null, null) : alerts;
        serving = serving == null ? new Serving(null, null, null, null, null) : serving;
        resources = resources == null ? new Resources(null, null) : resources;
        prices = prices == null ? new Prices(null, null, null, null) : prices;
        trainingJob = trainingJob == null ? new TrainingJob(null, null, null) : trainingJob;
        monitorJob = monitorJob == null ? new MonitorJob(null, null, null, null) : monitorJob;
        stream = stream == null ? new Stream(null, null, null, null, null, null, null, null, null) : stream;
        grpc = grpc == null ? new Grpc(null, null) : grpc;
        features = features == null ? new Features(null, null) : features;
    }

    /** Every default. */
    public static BundleOptions defaults() {
        return new BundleOptions(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The image: repository and tag (default: the model version and the start of its SHA-256). Never {@code latest}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Image(String repository, String tag) {
        public Image {
            repository = repository == null ? "" : repository.strip();
            tag = tag == null ? "" : tag.strip();
        }
    }

    /** none, hpa (CPU) or keda (request rate from Prometheus): never both. */
    public record Autoscaling(String mode, Integer minReplicas, Integer maxReplicas, Integer targetCpuPercent, Double requestsPerSecondPerReplica,
                              String prometheusAddress) {
        public Autoscaling {
            mode = mode == null ? "none" : mode.strip().toLowerCase(Locale.ROOT);
            minReplicas = minReplicas == null ? 2 : minReplicas;
            maxReplicas = maxReplicas == null ? 10 : maxReplicas;
            targetCpuPercent = targetCpuPercent == null ? 70 : targetCpuPercent;
            requestsPerSecondPerReplica = requestsPerSecondPerReplica == null ? 0.0 : requestsPerSecondPerReplica;
            prometheusAddress = prometheusAddress == null ? "http://prometheus-operated.monitoring.svc:9090" : prometheusAddress.strip();
        }
    }

    public record Gpu(Boolean enabled, Integer count, String instanceType) {
        public Gpu {
            enabled = enabled != null && enabled;
            count = count == null ? 1 : count;
            instanceType = instanceType == null ? "" : instanceType.strip();
        }
    }

    public record Spot(Boolean enabled) {
        public Spot {
            enabled = enabled != null && enabled;
        }
    }

    /** The cloud of the Terraform node pool and of the spot node labels. */
    public record Cloud(String provider, String region, String clusterName, String instanceType, Integer nodes) {
        public Cloud {
            provider = provider == null ? "aws" : provider.strip().toLowerCase(Locale.ROOT);
            region = region == null ? "" : region.strip();
            clusterName = clusterName == null ? "models" : clusterName.strip();
            instanceType = instanceType == null ? "" : instanceType.strip();
            nodes = nodes == null ? 3 : nodes;
        }
    }

    public record Rollout(String strategy, List<Integer> canaryWeights, String canaryPause, Boolean autoPromote, Boolean analysis, String baselineTag,
                          Double mirrorPercent, String abHeader, String abValue, Integer abCandidateWeight) {
        public Rollout {
            strategy = strategy == null ? "rolling" : strategy.strip().toLowerCase(Locale.ROOT);
            canaryWeights = canaryWeights == null ? List.of(10, 30, 60) : List.copyOf(canaryWeights);
            canaryPause = canaryPause == null ? "2m" : canaryPause.strip();
            autoPromote = autoPromote != null && autoPromote;
            analysis = analysis == null || analysis;
            baselineTag = baselineTag == null ? "" : baselineTag.strip();
            mirrorPercent = mirrorPercent == null ? 100.0 : mirrorPercent;
            abHeader = abHeader == null ? "x-model-variant" : abHeader.strip().toLowerCase(Locale.ROOT);
            abValue = abValue == null ? "b" : abValue.strip();
            abCandidateWeight = abCandidateWeight == null ? 10 : abCandidateWeight;
        }
    }

    public record Ingress(Boolean enabled, String host, String tlsSecret, String className) {
        public Ingress {
            enabled = enabled != null && enabled;
            host = host == null ? "" : host.strip();
            tlsSecret = tlsSecret == null ? "" : tlsSecret.strip();
            className = className == null ? "nginx" : className.strip();
        }
    }

    /** Alert thresholds and where the runbooks are published (their links in each alert). */
    public record Alerts(Double p99LatencyMs, Double errorRatePercent, Double driftPsi, String runbookBaseUrl) {
        public Alerts {
            p99LatencyMs = p99LatencyMs == null ? 200.0 : p99LatencyMs;
            errorRatePercent = errorRatePercent == null ? 1.0 : errorRatePercent;
            driftPsi = driftPsi == null ? 0.2 : driftPsi;
            runbookBaseUrl = runbookBaseUrl == null ? "" : runbookBaseUrl.strip();
        }
    }

    /** The serving runtime's options, and the traffic the replicas are sized for. */
    public record Serving(Integer maxBatch, Double maxLatencyMs, Integer driftWindow, Integer drainSeconds, Double expectedRequestsPerSecond) {
        public Serving {
            maxBatch = maxBatch == null ? 16 : maxBatch;
            maxLatencyMs = maxLatencyMs == null ? 1.0 : maxLatencyMs;
            driftWindow = driftWindow == null ? 1000 : driftWindow;
            drainSeconds = drainSeconds == null ? 30 : drainSeconds;
            expectedRequestsPerSecond = expectedRequestsPerSecond == null ? 50.0 : expectedRequestsPerSecond;
        }
    }

    /** Requests per pod; blank: sized from the model's measured memory and prediction time. */
    public record Resources(String cpu, String memory) {
        public Resources {
            cpu = cpu == null ? "" : cpu.strip();
            memory = memory == null ? "" : memory.strip();
        }
    }

    /** On-demand prices per hour (USD) for the cost runbook's estimate; spot nodes cost {@code spotDiscount} less. */
    public record Prices(Double vcpuHour, Double memoryGibHour, Double gpuHour, Double spotDiscount) {
        public Prices {
            vcpuHour = vcpuHour == null ? 0.0425 : vcpuHour;
            memoryGibHour = memoryGibHour == null ? 0.0057 : memoryGibHour;
            gpuHour = gpuHour == null ? 0.526 : gpuHour;
            spotDiscount = spotDiscount == null ? 0.65 : spotDiscount;
        }
    }

    /** The optional Job that re-runs the training pipeline in the cluster. */
    public record TrainingJob(Boolean enabled, String pipelineConfigMap, String dataClaim) {
        public TrainingJob {
            enabled = enabled != null && enabled;
            pipelineConfigMap = pipelineConfigMap == null ? "" : pipelineConfigMap.strip();
            dataClaim = dataClaim == null ? "" : dataClaim.strip();
        }
    }

    /**
     * The optional CronJob that evaluates a monitor file on a schedule ({@code pipewright monitor run}):
     * the monitor file from a ConfigMap, its data and the store on a volume claim.
     */
    public record MonitorJob(Boolean enabled, String schedule, String monitorConfigMap, String dataClaim) {
        public MonitorJob {
            enabled = enabled != null && enabled;
            schedule = schedule == null ? "0 6 * * *" : schedule.strip();
            monitorConfigMap = monitorConfigMap == null ? "" : monitorConfigMap.strip();
            dataClaim = dataClaim == null ? "" : dataClaim.strip();
        }
    }

    /**
     * The optional streaming mode: a Deployment running {@code pipewright stream} from the Kafka topic {@code in} to {@code out}
     * (records it cannot score to {@code dlq}, when given) as consumer group {@code group} (blank: {@code pipewright-<model name>}),
     * scaled by KEDA between {@code minReplicas} and {@code maxReplicas} to keep the lag per replica under {@code lagThreshold}.
     */
    public record Stream(Boolean enabled, String bootstrap, String in, String out, String dlq, String group, Integer lagThreshold, Integer minReplicas,
                         Integer maxReplicas) {
        public Stream {
            enabled = enabled != null && enabled;
            bootstrap = bootstrap == null ? "" : bootstrap.strip().replaceAll("\\s*,\\s*", ",");
            in = in == null ? "" : in.strip();
            out = out == null ? "" : out.strip();
            dlq = dlq == null ? "" : dlq.strip();
            group = group == null ? "" : group.strip();
            lagThreshold = lagThreshold == null ? 500 : lagThreshold;
            minReplicas = minReplicas == null ? 1 : minReplicas;
            maxReplicas = maxReplicas == null ? 10 : maxReplicas;
        }

        /** The broker ports of {@code bootstrap} (the scorer's NetworkPolicy lets it reach them), in order, each once. */
        public List<Integer> brokerPorts() {
            return bootstrap.isEmpty() ? List.of() : java.util.Arrays.stream(bootstrap.split(","))
                    .map(address -> Integer.valueOf(address.substring(address.lastIndexOf(':') + 1).strip())).distinct().toList();
        }
    }

    /** The optional gRPC port of the server ({@code serve --grpc-port}): the Open Inference Protocol beside REST. */
    public record Grpc(Boolean enabled, Integer port) {
        public Grpc {
            enabled = enabled != null && enabled;
            port = port == null ? 8081 : port;
        }
    }

    /**
     * Where the servers of a model trained through a features node read its features by entity key: the team's PostgreSQL
     * online store ({@code jdbc:postgresql://HOST[:PORT][,HOST[:PORT]…]/DATABASE}, which {@code pipewright features materialize}
     * fills), and the Kubernetes Secret holding its login (keys {@code user} and {@code password}; blank: the URL needs none).
     */
    public record Features(String online, String credentialsSecret) {
        public Features {
            online = online == null ? "" : online.strip();
            credentialsSecret = credentialsSecret == null ? "" : credentialsSecret.strip();
        }

        /** The database ports of {@code online} (the pods' NetworkPolicy lets them reach them), in order, each once; empty without a store. */
        public List<Integer> ports() {
            var hosts = ONLINE_URL.matcher(online);
            if (!hosts.matches()) {
                return List.of();
            }
            return java.util.Arrays.stream(hosts.group(1).split(",")).map(host -> {
                int colon = host.lastIndexOf(':');
                String port = colon < 0 || host.endsWith("]") ? "5432" : host.substring(colon + 1);
                return port.matches("[0-9]{1,5}") ? Integer.parseInt(port) : -1;
            }).distinct().toList();
        }
    }

    /** A value that cannot be used: its path in the options file and why. */
    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    /** Every value that cannot be used (empty when the options are fine). */
    public List<Problem> problems() {
        var problems = new ArrayList<Problem>();
        if (!name.isEmpty() && (name.length() > 40 || !DNS_LABEL.matcher(name).matches())) {
            problems.add(new Problem("name", "must be lower-case letters, digits and '-', up to 40 characters, not '" + name + "'"));
        }
        if (namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches()) {
            problems.add(new Problem("namespace", "must be a Kubernetes namespace name (lower-case letters, digits, '-'), not '" + namespace + "'"));
        }
        if (!image.repository().isEmpty() && !IMAGE_REPOSITORY.matcher(image.repository()).matches()) {
            problems.add(new Problem("image.repository", "'" + image.repository() + "' is not an image repository (lower-case, e.g. registry.example.com/team/model)"));
        }
        if (!image.tag().isEmpty()) {
            if (image.tag().equals("latest")) {
                problems.add(new Problem("image.tag", "'latest' does not say which model runs: use a version tag (or leave it blank for one)"));
            } else if (!IMAGE_TAG.matcher(image.tag()).matches()) {
                problems.add(new Problem("image.tag", "'" + image.tag() + "' is not an image tag (letters, digits, '_', '.', '-')"));
            }
        }
        range(problems, "replicas", replicas, 1, 1000);
        oneOf(problems, "autoscaling.mode", autoscaling.mode(), AUTOSCALING_MODES);
        range(problems, "autoscaling.minReplicas", autoscaling.minReplicas(), 1, 1000);
        range(problems, "autoscaling.maxReplicas", autoscaling.maxReplicas(), 1, 1000);
        if (autoscaling.maxReplicas() < autoscaling.minReplicas()) {
            problems.add(new Problem("autoscaling.maxReplicas", "must be at least minReplicas (" + autoscaling.minReplicas() + ")"));
        }
        range(problems, "autoscaling.targetCpuPercent", autoscaling.targetCpuPercent(), 1, 100);
        if (!(autoscaling.requestsPerSecondPerReplica() >= 0)) {
            problems.add(new Problem("autoscaling.requestsPerSecondPerReplica", "must be 0 (from the measured prediction time) or more"));
        }
        url(problems, "autoscaling.prometheusAddress", autoscaling.prometheusAddress());
        range(problems, "gpu.count", gpu.count(), 1, 16);
        oneOf(problems, "cloud.provider", cloud.provider(), CLOUDS);
        if (cloud.clusterName().isEmpty() || !DNS_LABEL.matcher(cloud.clusterName()).matches()) {
            problems.add(new Problem("cloud.clusterName", "must be lower-case letters, digits and '-', not '" + cloud.clusterName() + "'"));
        }
        if (!cloud.region().isEmpty() && !Terraform.isRegion(cloud.region())) {
            problems.add(new Problem("cloud.region", "must be an AWS region such as us-east-1 or a GCP region such as europe-west4, not '"
                    + cloud.region() + "'"));
        }
        range(problems, "cloud.nodes", cloud.nodes(), 1, 1000);
        oneOf(problems, "rollout.strategy", rollout.strategy(), STRATEGIES);
        if (rollout.canaryWeights().isEmpty()) {
            problems.add(new Problem("rollout.canaryWeights", "needs at least one weight"));
        }
        int previous = 0;
        for (Integer weight : rollout.canaryWeights()) {
            if (weight == null || weight <= previous || weight > 99) {
                problems.add(new Problem("rollout.canaryWeights", "must rise from 1 to 99 (percent of traffic per step), not " + rollout.canaryWeights()));
                break;
            }
            previous = weight;
        }
        if (!DURATION.matcher(rollout.canaryPause()).matches()) {
            problems.add(new Problem("rollout.canaryPause", "must be a duration like 90s, 2m or 1h, not '" + rollout.canaryPause() + "'"));
        }
        boolean subsets = rollout.strategy().equals("shadow") || rollout.strategy().equals("ab");
        if (subsets && rollout.baselineTag().isEmpty()) {
            problems.add(new Problem("rollout.baselineTag", "the image tag of the version serving now is needed for " + rollout.strategy()
                    + " (it answers while this one is compared)"));
        } else if (!rollout.baselineTag().isEmpty() && (rollout.baselineTag().equals("latest") || !IMAGE_TAG.matcher(rollout.baselineTag()).matches())) {
            problems.add(new Problem("rollout.baselineTag", "'" + rollout.baselineTag() + "' is not a version tag"));
        }
        if (!(rollout.mirrorPercent() >= 0 && rollout.mirrorPercent() <= 100)) {
            problems.add(new Problem("rollout.mirrorPercent", "must be between 0 and 100, not " + rollout.mirrorPercent()));
        }
        if (!rollout.abHeader().matches("[a-z0-9-]+")) {
            problems.add(new Problem("rollout.abHeader", "must be an HTTP header name (letters, digits, '-'), not '" + rollout.abHeader() + "'"));
        }
        range(problems, "rollout.abCandidateWeight", rollout.abCandidateWeight(), 0, 100);
        if (ingress.enabled()) {
            if (ingress.host().isEmpty() || !ingress.host().matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
                problems.add(new Problem("ingress.host", "an ingress needs a host name like model.example.com"
                        + (ingress.host().isEmpty() ? "" : ", not '" + ingress.host() + "'")));
            }
            if (!ingress.tlsSecret().isEmpty() && !DNS_LABEL.matcher(ingress.tlsSecret()).matches()) {
                problems.add(new Problem("ingress.tlsSecret", "'" + ingress.tlsSecret() + "' is not a Secret name"));
            }
        }
        positive(problems, "alerts.p99LatencyMs", alerts.p99LatencyMs(), 60_000);
        positive(problems, "alerts.errorRatePercent", alerts.errorRatePercent(), 100);
        positive(problems, "alerts.driftPsi", alerts.driftPsi(), 10);
        if (!alerts.runbookBaseUrl().isEmpty()) {
            url(problems, "alerts.runbookBaseUrl", alerts.runbookBaseUrl());
        }
        range(problems, "serving.maxBatch", serving.maxBatch(), 1, 100_000);
        if (!(serving.maxLatencyMs() >= 0 && serving.maxLatencyMs() <= 60_000)) {
            problems.add(new Problem("serving.maxLatencyMs", "must be between 0 and 60000, not " + serving.maxLatencyMs()));
        }
        range(problems, "serving.driftWindow", serving.driftWindow(), 1, 10_000_000);
        range(problems, "serving.drainSeconds", serving.drainSeconds(), 0, 3600);
        positive(problems, "serving.expectedRequestsPerSecond", serving.expectedRequestsPerSecond(), 10_000_000);
        if (!resources.cpu().isEmpty() && !QUANTITY.matcher(resources.cpu()).matches()) {
            problems.add(new Problem("resources.cpu", "must be a CPU quantity like 500m or 2, not '" + resources.cpu() + "'"));
        }
        if (!resources.memory().isEmpty() && !QUANTITY.matcher(resources.memory()).matches()) {
            problems.add(new Problem("resources.memory", "must be a memory quantity like 512Mi or 2Gi, not '" + resources.memory() + "'"));
        }
        for (var price : List.of(new Object[] {"prices.vcpuHour", prices.vcpuHour()}, new Object[] {"prices.memoryGibHour", prices.memoryGibHour()},
                new Object[] {"prices.gpuHour", prices.gpuHour()})) {
            double value = (Double) price[1];
            if (!(value >= 0 && value < 1000)) {
                problems.add(new Problem((String) price[0], "must be a price per hour from 0, not " + value));
            }
        }
        if (!(prices.spotDiscount() >= 0 && prices.spotDiscount() < 1)) {
            problems.add(new Problem("prices.spotDiscount", "must be a share from 0 to below 1 (0.65 for 65 % off), not " + prices.spotDiscount()));
        }
        if (trainingJob.enabled()) {
            if (trainingJob.pipelineConfigMap().isEmpty() || !DNS_LABEL.matcher(trainingJob.pipelineConfigMap()).matches()) {
                problems.add(new Problem("trainingJob.pipelineConfigMap", "the training Job needs the ConfigMap holding pipeline.yaml"));
            }
            if (trainingJob.dataClaim().isEmpty() || !DNS_LABEL.matcher(trainingJob.dataClaim()).matches()) {
                problems.add(new Problem("trainingJob.dataClaim", "the training Job needs the PersistentVolumeClaim with its data and store"));
            }
        }
        if (monitorJob.enabled()) {
            if (!CRON.matcher(monitorJob.schedule()).matches()) {
                problems.add(new Problem("monitorJob.schedule", "must be a cron schedule of five fields (minute hour day month weekday), not '"
                        + monitorJob.schedule() + "'"));
            }
            if (monitorJob.monitorConfigMap().isEmpty() || !DNS_LABEL.matcher(monitorJob.monitorConfigMap()).matches()) {
                problems.add(new Problem("monitorJob.monitorConfigMap", "the monitor CronJob needs the ConfigMap holding monitor.yaml"));
            }
            if (monitorJob.dataClaim().isEmpty() || !DNS_LABEL.matcher(monitorJob.dataClaim()).matches()) {
                problems.add(new Problem("monitorJob.dataClaim", "the monitor CronJob needs the PersistentVolumeClaim with its data and store"));
            }
        }
        streamProblems(problems);
        range(problems, "grpc.port", grpc.port(), 1024, 65535);
        if (grpc.port() == ChartValues.HTTP_PORT) {
            problems.add(new Problem("grpc.port", "must differ from the HTTP port " + ChartValues.HTTP_PORT));
        }
        featuresProblems(problems);
        return problems;
    }

    /**
     * {@link #problems()}, and what the model needs of them: a model trained through a features node reads its features
     * from an online store by entity key, so its bundle must name the one its servers share.
     */
    public List<Problem> problems(io.pipewright.train.ModelArtifact.Manifest model) {
        var problems = problems();
        var views = lookupViews(model);
        if (!views.isEmpty() && features.online().isEmpty()) {
            problems.add(new Problem("features.online", "model " + model.name() + " reads feature view" + (views.size() > 1 ? "s " : " ")
                    + String.join(", ", views) + " by entity key: name the online store its servers share, like jdbc:postgresql://db:5432/features"));
        }
        return problems;
    }

    /** The feature views a model reads by entity key (its lookup steps), in order; empty for a model trained without a features node. */
    public static List<String> lookupViews(io.pipewright.train.ModelArtifact.Manifest model) {
        return io.pipewright.serve.FeatureLookup.views(model).stream().map(io.pipewright.train.Step.Lookup.View::name).toList();
    }

    private void featuresProblems(List<Problem> problems) {
        if (!features.online().isEmpty()) {
            var url = ONLINE_URL.matcher(features.online());
            if (features.online().startsWith("jdbc:h2:")) {
                problems.add(new Problem("features.online", "an embedded H2 store is one process's; the servers' replicas share a PostgreSQL one "
                        + "(jdbc:postgresql://HOST[:PORT]/DATABASE)"));
            } else if (!url.matches()) {
                problems.add(new Problem("features.online", "must be jdbc:postgresql://HOST[:PORT]/DATABASE, not '" + features.online() + "'"));
            } else if (features.online().matches(".*['\"\\s\\\\`$].*")) {
                problems.add(new Problem("features.online", "must not hold quotes, spaces, '\\', '`' or '$' (it is written into shell lines and YAML): '"
                        + features.online() + "'"));
            } else if (url.group(1).contains("@") || features.online().toLowerCase(Locale.ROOT).matches(".*[?&][a-z]*password=.*")) {
                problems.add(new Problem("features.online", "holds a password, which would be written into values.yaml: put the login in a Secret "
                        + "named by features.credentialsSecret"));
            } else if (!features.ports().stream().allMatch(port -> port >= 1 && port <= 65535)) {
                problems.add(new Problem("features.online", "names a port that is not a number from 1 to 65535: '" + features.online() + "'"));
            }
        }
        if (!features.credentialsSecret().isEmpty() && (features.credentialsSecret().length() > 253
                || !DNS_SUBDOMAIN.matcher(features.credentialsSecret()).matches())) {
            problems.add(new Problem("features.credentialsSecret", "must be a Secret's name (lower-case letters, digits, '-' and '.'), not '"
                    + features.credentialsSecret() + "'"));
        }
        if (!features.credentialsSecret().isEmpty() && features.online().isEmpty()) {
            problems.add(new Problem("features.credentialsSecret", "goes with features.online (the store it logs in to)"));
        }
    }

    private void streamProblems(List<Problem> problems) {
        range(problems, "stream.lagThreshold", stream.lagThreshold(), 1, 10_000_000);
        range(problems, "stream.minReplicas", stream.minReplicas(), 0, 1000);
        range(problems, "stream.maxReplicas", stream.maxReplicas(), 1, 1000);
        if (stream.maxReplicas() < stream.minReplicas()) {
            problems.add(new Problem("stream.maxReplicas", "must be at least minReplicas (" + stream.minReplicas() + ")"));
        }
        if (!stream.enabled()) {
            return;
        }
        if (stream.bootstrap().isEmpty()) {
            problems.add(new Problem("stream.bootstrap", "the streaming mode needs the Kafka brokers to start from, like kafka.example.com:9092"));
        } else if (!BOOTSTRAP.matcher(stream.bootstrap()).matches() || !stream.brokerPorts().stream().allMatch(port -> port >= 1 && port <= 65535)) {
            problems.add(new Problem("stream.bootstrap", "must be HOST:PORT of a Kafka broker, or several separated by ',', not '" + stream.bootstrap() + "'"));
        }
        topic(problems, "stream.in", stream.in(), true);
        topic(problems, "stream.out", stream.out(), true);
        topic(problems, "stream.dlq", stream.dlq(), false);
        if (!stream.out().isEmpty() && stream.out().equals(stream.in())) {
            problems.add(new Problem("stream.out", "must differ from the input topic (the scorer would read its own predictions)"));
        }
        if (!stream.dlq().isEmpty() && (stream.dlq().equals(stream.in()) || stream.dlq().equals(stream.out()))) {
            problems.add(new Problem("stream.dlq", "must differ from the input and output topics"));
        }
        if (!stream.group().isEmpty() && !TOPIC.matcher(stream.group()).matches()) {
            problems.add(new Problem("stream.group", "must be letters, digits, '.', '_' and '-', up to 249 characters, not '" + stream.group() + "'"));
        }
    }

    private static void topic(List<Problem> problems, String field, String value, boolean required) {
        if (value.isEmpty()) {
            if (required) {
                problems.add(new Problem(field, "the streaming mode needs the " + (field.endsWith(".in") ? "input" : "output") + " topic"));
            }
        } else if (!TOPIC.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            problems.add(new Problem(field, "must be a Kafka topic name (letters, digits, '.', '_' and '-', up to 249 characters), not '" + value + "'"));
        }
    }

    private static void range(List<Problem> problems, String field, int value, int min, int max) {
        if (value < min || value > max) {
            problems.add(new Problem(field, "must be between " + min + " and " + max + ", not " + value));
        }
    }

    private static void positive(List<Problem> problems, String field, double value, double max) {
        if (!(value > 0 && value <= max)) {
            problems.add(new Problem(field, "must be above 0 and at most " + NumberFormat.plain(max) + ", not " + NumberFormat.plain(value)));
        }
    }

    private static void oneOf(List<Problem> problems, String field, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            problems.add(new Problem(field, "must be one of " + String.join(", ", allowed) + ", not '" + value + "'" + Suggestions.didYouMean(value, allowed)));
        }
    }

    private static void url(List<Problem> problems, String field, String value) {
        if (!value.matches("https?://[^\\s/$.?#][^\\s]*")) {
            problems.add(new Problem(field, "must be an http:// or https:// address, not '" + value + "'"));
        }
    }

    /** Plain numbers for messages and files: 200 rather than 200.0. */
    static final class NumberFormat {
        private NumberFormat() {
        }

        static String plain(double value) {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
        }
    }

    /** Reads an options file; a mistake is one line naming the file, line and field. */
    public static BundleOptions read(Path file) {
        BundleOptions options = OptionsFiles.read(file, BundleOptions.class, BundleOptions::defaults);
        List<Problem> problems = options.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(file.getFileName() + ": " + problems.get(0));
        }
        return options;
    }

    /** The options as an options file (every field, defaults included), for the Deploy workspace's "Save options…". */
    public String toYaml() {
        try {
            return OptionsFiles.YAML.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
