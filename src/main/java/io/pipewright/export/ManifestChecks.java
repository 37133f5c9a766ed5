package io.pipewright.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks rendered Kubernetes manifests: each document read into its fabric8 type with a walk that
 * rejects any field the type does not have (fabric8 keeps unknown fields aside instead of failing);
 * the custom resources (Argo Rollouts, KEDA, Prometheus Operator, Istio) checked for their API version
 * and required fields; references between documents (a Service's selector, an autoscaler's target, a
 * route's subset) resolved; and a policy: no {@code latest} or untagged image, probes, requests and
 * limits, a restricted security context, no hostPath volume, a PodDisruptionBudget and a NetworkPolicy, one autoscaler.
 */
public final class ManifestChecks {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonMapper TYPED = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: (.+)$");
    private static final Pattern DURATION = Pattern.compile("[0-9]+(ms|s|m|h|d)");

    /** Native kinds by apiVersion/kind, read into fabric8's types. */
    private static final Map<String, Class<? extends HasMetadata>> NATIVE = Map.ofEntries(
            Map.entry("apps/v1/Deployment", Deployment.class), Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class), Map.entry("v1/Pod", Pod.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class), Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class), Map.entry("batch/v1/Job", Job.class),
            Map.entry("batch/v1/CronJob", CronJob.class), Map.entry("rbac.authorization.k8s.io/v1/Role", io.fabric8.kubernetes.api.model.rbac.Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", io.fabric8.kubernetes.api.model.rbac.RoleBinding.class));
    /** The custom resources the chart renders, with the API versions their controllers serve. */
    static final Map<String, Set<String>> CUSTOM = Map.of(
            "Rollout", Set.of("argoproj.io/v1alpha1"), "AnalysisTemplate", Set.of("argoproj.io/v1alpha1"),
            "ScaledObject", Set.of("keda.sh/v1alpha1"), "ServiceMonitor", Set.of("monitoring.coreos.com/v1"),
            "PrometheusRule", Set.of("monitoring.coreos.com/v1"), "VirtualService", Set.of("networking.istio.io/v1beta1", "networking.istio.io/v1"),
            "DestinationRule", Set.of("networking.istio.io/v1beta1", "networking.istio.io/v1"));

    /** One rendered document: where it came from (the template), its tree, and its typed form for native kinds. */
    public record Document(String source, JsonNode tree, Object typed) {
        String kind() {
            return tree.path("kind").asText();
        }

        String name() {
            return tree.path("metadata").path("name").asText();
        }

        String where() {
            return source + " (" + kind() + " " + name() + ")";
        }
    }

    private final List<String> problems = new ArrayList<>();
    private final List<Document> documents = new ArrayList<>();

    private ManifestChecks() {
    }

    /** Every problem in a {@code helm template} output; empty when it passes. */
    public static List<String> check(String rendered) {
        var checks = new ManifestChecks();
        checks.read(rendered);
        if (checks.problems.isEmpty()) {
            checks.checkCustomResources();
            checks.checkReferences();
            checks.checkPolicy();
        }
        return checks.problems;
    }

    /** The documents of a rendered output (tests and the alert file read them). */
    public static List<Document> documents(String rendered) {
        var checks = new ManifestChecks();
        checks.read(rendered);
        if (!checks.problems.isEmpty()) {
            throw new IllegalArgumentException(checks.problems.get(0));
        }
        return checks.documents;
    }

    /**
     * Whether this is a native Kubernetes kind the checks know (a Deployment, a ServiceAccount, a Role…):
     * other exports (a workflow's RBAC) hold them too.
     */
    public static boolean isNative(JsonNode tree) {
        return NATIVE.containsKey(tree.path("apiVersion").asText() + "/" + tree.path("kind").asText());
    }

    /** The problems of one native document read into its fabric8 type, every field the type does not have refused; {@code where} names it. */
    public static List<String> nativeProblems(String where, JsonNode tree) {
        var checks = new ManifestChecks();
        if (tree.path("metadata").path("name").asText().isEmpty()) {
            checks.problems.add(where + ": metadata.name: required field missing");
        }
        checks.typed(where, tree, NATIVE.get(tree.path("apiVersion").asText() + "/" + tree.path("kind").asText()), "");
        return checks.problems;
    }

    private void read(String rendered) {
        for (String text : rendered.split("(?m)^---\\s*$")) {
            var source = SOURCE.matcher(text);
            String where = source.find() ? source.group(1) : "(no source)";
            if (text.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            JsonNode tree;
            try {
                tree = YAML.readTree(text);
            } catch (java.io.IOException e) {
                problems.add(where + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
                continue;
            }
            if (tree == null || !tree.isObject()) {
                problems.add(where + ": not a Kubernetes object");
                continue;
            }
            String apiVersion = tree.path("apiVersion").asText();
            String kind = tree.path("kind").asText();
            if (apiVersion.isEmpty() || kind.isEmpty() || tree.path("metadata").path("name").asText().isEmpty()) {
                problems.add(where + ": apiVersion, kind and metadata.name are required");
                continue;
            }
            Class<? extends HasMetadata> type = NATIVE.get(apiVersion + "/" + kind);
            Object typed = null;
            if (type != null) {
                typed = typed(where + " (" + kind + " " + tree.path("metadata").path("name").asText() + ")", tree, type, "");
            } else if (CUSTOM.containsKey(kind)) {
                if (!CUSTOM.get(kind).contains(apiVersion)) {
                    problems.add(where + ": " + kind + " is served as " + CUSTOM.get(kind) + ", not " + apiVersion);
                }
            } else {
                problems.add(where + ": " + apiVersion + " " + kind + " is not a kind this chart is checked for");
            }
            documents.add(new Document(where, tree, typed));
        }
    }

    /** Reads a tree into a fabric8 type and reports every field the type does not know. */
    private <T> T typed(String where, JsonNode tree, Class<T> type, String path) {
        T value;
        try {
            value = TYPED.readValue(tree.toString(), type);
        } catch (RuntimeException e) {
            problems.add(where + ": " + path + (path.isEmpty() ? "" : ": ") + "not a valid " + type.getSimpleName() + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
        unknownFields(where, value, path);
        return value;
    }

    /** Walks a fabric8 object: any additional property is a field the Kubernetes API would reject (or drop). */
    private void unknownFields(String where, Object value, String path) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int index = 0;
            for (Object item : list) {
                unknownFields(where, item, path + "[" + index++ + "]");
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (var entry : map.entrySet()) {
                unknownFields(where, entry.getValue(), path + "." + entry.getKey());
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method method : value.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers()) || !method.getName().startsWith("get")
                    || method.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child;
            try {
                child = method.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            String field = Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4);
            if (method.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(where + ": " + (path.isEmpty() ? "" : path.substring(path.startsWith(".") ? 1 : 0) + ": ")
                            + "unknown field" + (extra.size() > 1 ? "s " : " ") + String.join(", ", extra.keySet().stream().map(key -> "'" + key + "'").toList()));
                }
            } else {
                unknownFields(where, child, path + "." + field);
            }
        }
    }

    private void checkCustomResources() {
        for (Document document : List.copyOf(documents)) {
            JsonNode spec = document.tree().path("spec");
            String where = document.where();
            switch (document.kind()) {
                case "Rollout" -> {
                    require(where, spec, "selector", "template", "strategy");
                    JsonNode template = spec.path("template");
                    if (template.isObject()) {
                        PodTemplateSpec pod = typed(where, template, PodTemplateSpec.class, "spec.template");
                        documents.set(documents.indexOf(document), new Document(document.source(), document.tree(), pod));
                    }
                    JsonNode strategy = spec.path("strategy");
                    boolean canary = strategy.has("canary");
                    if (canary == strategy.has("blueGreen")) {
                        problems.add(where + ": spec.strategy needs exactly one of canary and blueGreen");
                    } else if (canary) {
                        for (JsonNode step : strategy.path("canary").path("steps")) {
                            if (step.size() != 1 || !Set.of("setWeight", "pause", "analysis", "setCanaryScale", "experiment", "setHeaderRoute",
                                    "setMirrorRoute", "plugin").contains(step.fieldNames().next())) {
                                problems.add(where + ": a canary step must be one of setWeight, pause, analysis…, not " + step);
                            }
                        }
                    } else {
                        require(where, strategy.path("blueGreen"), "activeService");
                    }
                }
                case "AnalysisTemplate" -> {
                    require(where, spec, "metrics");
                    for (JsonNode metric : spec.path("metrics")) {
                        require(where, metric, "name", "provider");
                        JsonNode prometheus = metric.path("provider").path("prometheus");
                        if (metric.path("provider").has("prometheus")) {
                            require(where, prometheus, "address", "query");
                        }
                        if (metric.has("interval") && !DURATION.matcher(metric.path("interval").asText()).matches()) {
                            problems.add(where + ": metric " + metric.path("name").asText() + ": interval '" + metric.path("interval").asText() + "' is not a duration");
                        }
                    }
                }
                case "ScaledObject" -> {
                    // KEDA's own CRD schema, objects closed: a misspelt field is reported, not pruned by the API server
                    KedaSchema.validate(document.tree()).forEach(violation -> problems.add(where + ": " + violation.line() + " (KEDA "
                            + KedaSchema.VERSION + " schema)"));
                    require(where, spec, "scaleTargetRef", "triggers");
                    require(where, spec.path("scaleTargetRef"), "name");
                    for (JsonNode trigger : spec.path("triggers")) {
                        require(where, trigger, "type", "metadata");
                        switch (trigger.path("type").asText()) {
                            case "prometheus" -> require(where, trigger.path("metadata"), "serverAddress", "query", "threshold");
                            case "kafka" -> require(where, trigger.path("metadata"), "bootstrapServers", "consumerGroup", "topic", "lagThreshold");
                            default -> problems.add(where + ": trigger type '" + trigger.path("type").asText() + "' is not one this chart is checked for");
                        }
                    }
                }
                case "ServiceMonitor" -> {
                    require(where, spec, "selector", "endpoints");
                    for (JsonNode endpoint : spec.path("endpoints")) {
                        if (!endpoint.has("port") && !endpoint.has("targetPort")) {
                            problems.add(where + ": an endpoint needs port or targetPort");
                        }
                    }
                }
                case "PrometheusRule" -> {
                    require(where, spec, "groups");
                    for (JsonNode group : spec.path("groups")) {
                        require(where, group, "name", "rules");
                        for (JsonNode rule : group.path("rules")) {
                            if (rule.has("alert") == rule.has("record")) {
                                problems.add(where + ": a rule needs exactly one of alert and record: " + rule);
                            }
                            require(where, rule, "expr");
                            if (rule.has("for") && !DURATION.matcher(rule.path("for").asText()).matches()) {
                                problems.add(where + ": rule " + rule.path("alert").asText() + ": for '" + rule.path("for").asText() + "' is not a duration");
                            }
                        }
                    }
                }
                case "VirtualService" -> {
                    require(where, spec, "hosts", "http");
                    for (JsonNode route : spec.path("http")) {
                        require(where, route, "route");
                        int weights = 0;
                        for (JsonNode destination : route.path("route")) {
                            require(where, destination.path("destination"), "host");
                            weights += destination.path("weight").asInt(route.path("route").size() == 1 ? 100 : 0);
                        }
                        if (weights != 100) {
                            problems.add(where + ": route " + route.path("name").asText() + ": the weights add up to " + weights + ", not 100");
                        }
                    }
                }
                case "DestinationRule" -> {
                    require(where, spec, "host");
                    for (JsonNode subset : spec.path("subsets")) {
                        require(where, subset, "name", "labels");
                    }
                }
                default -> {
                    // native kinds were checked when read
                }
            }
        }
    }

    private void require(String where, JsonNode node, String... fields) {
        for (String field : fields) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull() || (value.isContainerNode() && value.isEmpty()) || (value.isTextual() && value.asText().isEmpty())) {
                problems.add(where + ": " + field + " is required");
            }
        }
    }

    /** Pod templates of the workloads, by where they were rendered. */
    private Map<String, PodTemplateSpec> podTemplates() {
        var templates = new LinkedHashMap<String, PodTemplateSpec>();
        for (Document document : documents) {
            Object typed = document.typed();
            PodTemplateSpec template = null;
            if (typed instanceof Deployment deployment && deployment.getSpec() != null) {
                template = deployment.getSpec().getTemplate();
            } else if (typed instanceof Job job && job.getSpec() != null) {
                template = job.getSpec().getTemplate();
            } else if (typed instanceof CronJob cron && cron.getSpec() != null && cron.getSpec().getJobTemplate() != null
                    && cron.getSpec().getJobTemplate().getSpec() != null) {
                template = cron.getSpec().getJobTemplate().getSpec().getTemplate();
            } else if (typed instanceof PodTemplateSpec rollout) {
                template = rollout;
            }
            if (template != null) {
                templates.put(document.where(), template);
            }
        }
        return templates;
    }

    private void checkReferences() {
        var workloads = new HashSet<String>();
        var services = new HashSet<String>();
        var subsets = new HashSet<String>();
        var templates = podTemplates();
        for (Document document : documents) {
            if (Set.of("Deployment", "Rollout").contains(document.kind())) {
                workloads.add(document.kind() + "/" + document.name());
            }
            if (document.kind().equals("Service")) {
                services.add(document.name());
            }
            if (document.kind().equals("DestinationRule")) {
                document.tree().path("spec").path("subsets").forEach(subset -> subsets.add(subset.path("name").asText()));
            }
        }
        for (Document document : documents) {
            String where = document.where();
            JsonNode spec = document.tree().path("spec");
            switch (document.kind()) {
                case "Service" -> {
                    var selector = spec.path("selector");
                    if (selector.isEmpty() || templates.values().stream().noneMatch(template -> matches(selector, template))) {
                        problems.add(where + ": its selector " + selector + " matches no pod template of this chart");
                    }
                }
                case "HorizontalPodAutoscaler", "ScaledObject" -> {
                    String target = spec.path("scaleTargetRef").path("kind").asText("Deployment") + "/" + spec.path("scaleTargetRef").path("name").asText();
                    if (!workloads.contains(target)) {
                        problems.add(where + ": scales " + target + ", which this chart does not render");
                    }
                }
                case "PodDisruptionBudget", "NetworkPolicy" -> {
                    var selector = document.kind().equals("PodDisruptionBudget") ? spec.path("selector").path("matchLabels")
                            : spec.path("podSelector").path("matchLabels");
                    if (templates.values().stream().noneMatch(template -> matches(selector, template))) {
                        problems.add(where + ": its selector " + selector + " matches no pod template of this chart");
                    }
                }
                case "Rollout" -> {
                    var blueGreen = spec.path("strategy").path("blueGreen");
                    for (String service : List.of(blueGreen.path("activeService").asText(), blueGreen.path("previewService").asText())) {
                        if (!service.isEmpty() && !services.contains(service)) {
                            problems.add(where + ": names Service " + service + ", which this chart does not render");
                        }
                    }
                    analysisTemplates(spec).forEach(name -> {
                        if (documents.stream().noneMatch(other -> other.kind().equals("AnalysisTemplate") && other.name().equals(name))) {
                            problems.add(where + ": names AnalysisTemplate " + name + ", which this chart does not render");
                        }
                    });
                }
                case "VirtualService" -> {
                    for (JsonNode route : spec.path("http")) {
                        var destinations = new ArrayList<JsonNode>();
                        route.path("route").forEach(destination -> destinations.add(destination.path("destination")));
                        if (route.has("mirror")) {
                            destinations.add(route.path("mirror"));
                        }
                        for (JsonNode destination : destinations) {
                            if (destination.has("subset") && !subsets.contains(destination.path("subset").asText())) {
                                problems.add(where + ": routes to subset " + destination.path("subset").asText() + ", which no DestinationRule defines");
                            }
                        }
                    }
                }
                default -> {
                    // nothing to resolve
                }
            }
        }
    }

    private static List<String> analysisTemplates(JsonNode spec) {
        var names = new ArrayList<String>();
        var strategy = spec.path("strategy");
        for (JsonNode analysis : List.of(strategy.path("canary").path("analysis"), strategy.path("blueGreen").path("prePromotionAnalysis"),
                strategy.path("blueGreen").path("postPromotionAnalysis"))) {
            analysis.path("templates").forEach(template -> names.add(template.path("templateName").asText()));
        }
        return names;
    }

    private static boolean matches(JsonNode selector, PodTemplateSpec template) {
        Map<String, String> labels = template.getMetadata() == null || template.getMetadata().getLabels() == null ? Map.of()
                : template.getMetadata().getLabels();
        var fields = selector.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getValue().asText().equals(labels.get(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private void checkPolicy() {
        boolean serving = false;
        for (var entry : podTemplates().entrySet()) {
            String where = entry.getKey();
            boolean longRunning = where.contains("(Deployment ") || where.contains("(Rollout ");
            serving |= longRunning;
            checkPod(where, entry.getValue().getSpec(), longRunning);
        }
        for (Document document : documents) {
            if (document.typed() instanceof Pod pod) {
                checkPod(document.where(), pod.getSpec(), false);
            }
        }
        var kinds = documents.stream().map(Document::kind).toList();
        if (serving && !kinds.contains("PodDisruptionBudget")) {
            problems.add("policy: no PodDisruptionBudget for the serving pods");
        }
        if (serving && !kinds.contains("NetworkPolicy")) {
            problems.add("policy: no NetworkPolicy for the serving pods");
        }
        var scaled = new HashSet<String>();
        for (Document document : documents) {
            if (Set.of("HorizontalPodAutoscaler", "ScaledObject").contains(document.kind())) {
                JsonNode target = document.tree().path("spec").path("scaleTargetRef");
                if (!scaled.add(target.path("kind").asText("Deployment") + "/" + target.path("name").asText())) {
                    problems.add("policy: two autoscalers (an HPA, a KEDA ScaledObject) scale " + target.path("kind").asText("Deployment") + " "
                            + target.path("name").asText() + " (KEDA makes its own HPA; choose one)");
                }
            }
        }
    }

    private void checkPod(String where, PodSpec pod, boolean longRunning) {
        if (pod == null) {
            problems.add(where + ": no pod spec");
            return;
        }
        var containers = new ArrayList<Container>(pod.getContainers());
        if (pod.getInitContainers() != null) {
            containers.addAll(pod.getInitContainers());
        }
        var policy = new PodPolicy(longRunning, true);
        for (Container container : containers) {
            containerProblems(container, pod.getSecurityContext(), policy)
                    .forEach(problem -> problems.add(where + ": container " + container.getName() + ": " + problem));
        }
        volumeProblems(pod.getVolumes()).forEach(problem -> problems.add(where + ": " + problem));
    }

    /**
     * What the pod-security policy asks beyond its common core (a pinned image, requests and a memory limit, non-root, a
     * read-only root filesystem, no privilege or escalation, all capabilities dropped): probes for long-running pods, and the
     * RuntimeDefault seccomp profile.
     */
    public record PodPolicy(boolean probes, boolean seccomp) {
    }

    /**
     * The policy's problems with one container, given its pod's security context (null: none), each a reason without a place
     * ("must run as non-root (runAsNonRoot)"). The serving chart and exported workflows are held to this same code.
     */
    public static List<String> containerProblems(Container container, PodSecurityContext podSecurity, PodPolicy policy) {
        var found = new ArrayList<String>();
        boolean podNonRoot = podSecurity != null && Boolean.TRUE.equals(podSecurity.getRunAsNonRoot());
        boolean podSeccomp = podSecurity != null && podSecurity.getSeccompProfile() != null
                && "RuntimeDefault".equals(podSecurity.getSeccompProfile().getType());
        String image = container.getImage() == null ? "" : container.getImage();
        String lastPart = image.substring(image.lastIndexOf('/') + 1);
        if (!lastPart.contains(":") && !image.contains("@sha256:")) {
            found.add("image '" + image + "' has no tag (it means latest)");
        } else if (lastPart.endsWith(":latest")) {
            found.add("image '" + image + "' uses the latest tag");
        }
        var resources = container.getResources();
        if (resources == null || resources.getRequests() == null || !resources.getRequests().containsKey("cpu")
                || !resources.getRequests().containsKey("memory")) {
            found.add("no CPU and memory requests");
        }
        if (resources == null || resources.getLimits() == null || !resources.getLimits().containsKey("memory")) {
            found.add("no memory limit");
        }
        if (policy.probes() && (container.getLivenessProbe() == null || container.getReadinessProbe() == null)) {
            found.add("needs liveness and readiness probes");
        }
        var security = container.getSecurityContext();
        if (security != null && Boolean.TRUE.equals(security.getPrivileged())) {
            found.add("must not be privileged");
        }
        if (security == null || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
            found.add("allowPrivilegeEscalation must be false");
        }
        if (security == null || !Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
            found.add("readOnlyRootFilesystem must be true");
        }
        if (security == null || security.getCapabilities() == null || security.getCapabilities().getDrop() == null
                || !security.getCapabilities().getDrop().contains("ALL")) {
            found.add("capabilities must drop ALL");
        }
        boolean nonRoot = podNonRoot || security != null && Boolean.TRUE.equals(security.getRunAsNonRoot());
        if (!nonRoot) {
            found.add("must run as non-root (runAsNonRoot)");
        }
        boolean seccomp = podSeccomp || security != null && security.getSeccompProfile() != null
                && "RuntimeDefault".equals(security.getSeccompProfile().getType());
        if (policy.seccomp() && !seccomp) {
            found.add("needs the RuntimeDefault seccomp profile");
        }
        return found;
    }

    /** The policy's problems with a pod's volumes (null: none): a hostPath volume reaches into the node. */
    public static List<String> volumeProblems(List<Volume> volumes) {
        if (volumes == null) {
            return List.of();
        }
        return volumes.stream().filter(volume -> volume.getHostPath() != null)
                .map(volume -> "volume " + volume.getName() + ": hostPath volumes are not allowed").toList();
    }
}
