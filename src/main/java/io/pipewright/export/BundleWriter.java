package io.pipewright.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.pipewright.home.BuildInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Makes a deployment bundle from a measured model and the options: the fixed chart templates, the
 * generated {@code Chart.yaml} and {@code values.yaml}, the Dockerfile, Terraform, runbooks, the CI
 * workflow and the Grafana dashboard. The alert rule file and its tests come from the chart rendered
 * by Helm ({@link #addAlertRules}), so the PrometheusRule and the plain rule file cannot differ.
 */
public final class BundleWriter {
    /** The server distribution's file name, built beside {@code pipewright.jar} ({@code io.pipewright.ServerMain}). */
    public static final String SERVER_JAR = "pipewright-server.jar";
    /** Where the bundle carries it, for the Dockerfile to copy. */
    static final String BUNDLED_JAR = "app/" + SERVER_JAR;

    static final String RESOURCES = "/io/pipewright/export/";
    static final List<String> CHART_FILES = List.of(".helmignore", "values.schema.json", "templates/_helpers.tpl", "templates/NOTES.txt",
            "templates/deployment.yaml", "templates/rollout.yaml", "templates/service.yaml", "templates/serviceaccount.yaml", "templates/hpa.yaml",
            "templates/scaledobject.yaml", "templates/pdb.yaml", "templates/ingress.yaml", "templates/networkpolicy.yaml",
            "templates/servicemonitor.yaml", "templates/prometheusrule.yaml", "templates/analysistemplate.yaml", "templates/virtualservice.yaml",
            "templates/destinationrule.yaml", "templates/training-job.yaml", "templates/monitor-cronjob.yaml",
            "templates/stream.yaml", "templates/tests/test-connection.yaml");
    /** The values files chart-testing (and the validation here) renders the chart with, one per way to run it. */
    public static final List<String> CI_VALUES = List.of("default", "gpu-spot", "canary", "blue-green", "shadow", "ab", "keda", "grpc", "stream");
    static final List<String> CLOUD_FILES = List.of("versions.tf", "main.tf", "variables.tf", "outputs.tf");
    /** The runbook of the streaming mode's alerts, in a bundle that has it. */
    static final String STREAM_RUNBOOK = "streaming.md";
    /** The cost runbook's prices, machine-readable: what {@code pipewright cost} prices a bundle at (the runbook rounds them). */
    public static final String COST_FACTS = "runbooks/cost.json";
    static final List<String> RUNBOOKS = List.of("deploy.md", "rollback.md", "high-latency.md", "high-error-rate.md", "drift-and-retrain.md", "cost.md");

    /** How Kubernetes manifests are written: the chart's values and a cluster export's documents alike. */
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).disable(YAMLGenerator.Feature.SPLIT_LINES).enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A bundle before validation, with what the rest of the export needs to know. */
    public record Draft(Bundle bundle, ModelFacts facts, BundleOptions options, PodSizing sizing, ChartValues values, String chart) {
        public String chartFolder() {
            return "helm/" + chart + "/";
        }
    }

    private BundleWriter() {
    }

    /**
     * The bundle without its README and alert files (those follow rendering and validation). {@code jar} is the
     * Pipewright jar this process runs from, or null: the image gets the server jar beside it
     * ({@link #SERVER_JAR}, a third of the desktop jar's size, without JavaFX and Helm), when there is one.
     */
    public static Draft draft(ModelFacts facts, BundleOptions options, Path jar) {
        String chart = options.name().isEmpty() ? facts.chartName() : options.name();
        var sizing = PodSizing.of(facts, options);
        String repository = options.image().repository().isEmpty() ? chart : options.image().repository();
        String tag = options.image().tag().isEmpty() ? facts.defaultTag() : options.image().tag();
        String root = chart + "-bundle";
        String runbooks = options.alerts().runbookBaseUrl().isEmpty() ? root + "/runbooks" : options.alerts().runbookBaseUrl().replaceAll("/+$", "");
        var values = ChartValues.of(facts, options, sizing, repository, tag, runbooks);
        var bundle = new Bundle(root);
        var fill = placeholders(facts, options, sizing, values, chart, root);

        bundle.text("Dockerfile", Templates.fill(Templates.read(RESOURCES + "bundle/Dockerfile"), fill));
        bundle.text(".dockerignore", Templates.read(RESOURCES + "bundle/dockerignore"));
        bundle.copy("model/" + artifactName(facts), facts.artifact());
        bundle.text("model/SHA256SUMS", facts.sha256() + "  " + artifactName(facts) + "\n");
        bundle.text("model/manifest.json", json(facts.manifest()));
        Path serverJar = serverJarBeside(jar);
        if (serverJar != null) {
            bundle.copy(BUNDLED_JAR, serverJar);
        }

        String chartFolder = "helm/" + chart + "/";
        bundle.text(chartFolder + "Chart.yaml", chartYaml(facts, chart, tag));
        bundle.text(chartFolder + "values.yaml", "# Values of the " + chart + " chart, as exported by Pipewright from its options.\n"
                + "# Every key is described by values.schema.json; the ci/ folder holds a values file for each way to run it.\n" + yaml(values));
        for (String file : CHART_FILES) {
            bundle.text(chartFolder + file, Templates.read(RESOURCES + "chart/" + file));
        }
        for (String name : CI_VALUES) {
            // the streaming example names this bundle's model file and topics
            String ci = Templates.read(RESOURCES + "chart/ci/" + name + "-values.yaml");
            bundle.text(chartFolder + "ci/" + name + "-values.yaml", name.equals("stream") ? Templates.fill(ci, fill) : ci);
        }

        for (String cloud : BundleOptions.CLOUDS) {
            for (String file : CLOUD_FILES) {
                bundle.text("terraform/" + cloud + "/" + file, Templates.read(RESOURCES + "terraform/" + cloud + "/" + file));
            }
            bundle.text("terraform/" + cloud + "/terraform.tfvars.example", Terraform.exampleVariables(cloud, options, sizing));
        }
        for (String runbook : RUNBOOKS) {
            bundle.text("runbooks/" + runbook, Templates.fill(Templates.read(RESOURCES + "runbooks/" + runbook), fill));
        }
        bundle.text(COST_FACTS, Cost.json(options));
        if (options.stream().enabled()) {
            bundle.text("runbooks/" + STREAM_RUNBOOK, Templates.fill(Templates.read(RESOURCES + "runbooks/" + STREAM_RUNBOOK), fill));
        }
        bundle.text("ci/github-actions.yaml", Templates.fill(Templates.read(RESOURCES + "bundle/github-actions.yaml"), fill));
        bundle.text("monitoring/grafana/dashboard.json", Dashboard.json(facts, options, chart));
        return new Draft(bundle, facts, options, sizing, values, chart);
    }

    /**
     * Adds {@code monitoring/prometheus/alerts.yaml} (the rendered PrometheusRule's groups, with an
     * Alertmanager route as a commented example) and {@code alerts_test.yaml} (promtool's unit tests:
     * each alert firing on series made to break its threshold, and quiet on series within it).
     */
    static void addAlertRules(Draft draft, Map<String, Object> prometheusRuleSpec) {
        String header = "# Alert rules of " + draft.chart() + " for a Prometheus without the Operator (rule_files: [alerts.yaml]).\n"
                + "# The same rules as the chart's PrometheusRule; test them: promtool test rules alerts_test.yaml\n";
        String routeExample = """

                # Routing these alerts to PagerDuty (an Alertmanager configuration, not part of this file):
                # route:
                #   receiver: default
                #   routes:
                #     - matchers: ['alertname=~"Pipewright.*"', 'severity="critical"']
                #       receiver: pagerduty-models
                #       group_by: [alertname, job]
                #       group_wait: 30s
                #       repeat_interval: 4h
                # receivers:
                #   - name: default
                #   - name: pagerduty-models
                #     pagerduty_configs:
                #       - routing_key_file: /etc/alertmanager/secrets/pagerduty-routing-key
                #         severity: '{{ .CommonLabels.severity }}'
                """;
        draft.bundle().text("monitoring/prometheus/alerts.yaml", header + yaml(prometheusRuleSpec) + routeExample);
        draft.bundle().text("monitoring/prometheus/alerts_test.yaml", AlertTests.yaml(draft, prometheusRuleSpec));
    }

    /** Adds the bundle's README: what is inside, how to build, deploy and roll back, and what was validated. */
    static void addReadme(Draft draft, List<String> validation) {
        var fill = placeholders(draft.facts(), draft.options(), draft.sizing(), draft.values(), draft.chart(), draft.bundle().root());
        var paths = new ArrayList<String>();
        draft.bundle().entries().forEach(entry -> paths.add(entry.path()));
        paths.add("README.md");
        fill.put("tree", tree(draft.bundle().root(), paths));
        fill.put("jarNote", draft.bundle().get(BUNDLED_JAR).isPresent() ? ""
                : " (not included: this export ran without " + SERVER_JAR + " beside it; copy `target/" + SERVER_JAR + "` there first)");
        fill.put("validation", String.join("\n", validation.stream().map(line -> "- " + line).toList()));
        draft.bundle().text("README.md", Templates.fill(Templates.read(RESOURCES + "bundle/README.md"), fill));
    }

    static String artifactName(ModelFacts facts) {
        return facts.artifact().getFileName().toString();
    }

    private static String chartYaml(ModelFacts facts, String chart, String tag) {
        var chartYaml = new LinkedHashMap<String, Object>();
        chartYaml.put("apiVersion", "v2");
        chartYaml.put("name", chart);
        chartYaml.put("description", "Serves the model " + facts.name() + " version " + facts.version() + " (" + facts.manifest().algorithm() + ", "
                + facts.manifest().task() + ") with Pipewright's REST runtime");
        chartYaml.put("type", "application");
        chartYaml.put("version", facts.version().matches("[0-9]+") ? facts.version() + ".0.0" : "1.0.0");
        chartYaml.put("appVersion", tag);
        chartYaml.put("kubeVersion", ">=1.25.0-0");
        chartYaml.put("keywords", List.of("machine-learning", "model-serving", "pipewright", facts.manifest().algorithm()));
        chartYaml.put("annotations", Map.of("pipewright.io/model-sha256", facts.sha256()));
        return yaml(chartYaml);
    }

    private static Map<String, String> placeholders(ModelFacts facts, BundleOptions options, PodSizing sizing, ChartValues values, String chart,
                                                    String root) {
        var fill = new LinkedHashMap<String, String>();
        fill.put("name", facts.name());
        fill.put("version", facts.version());
        fill.put("sha256", facts.sha256());
        fill.put("artifact", artifactName(facts));
        fill.put("algorithm", facts.manifest().algorithm());
        fill.put("task", facts.manifest().task());
        fill.put("chart", chart);
        fill.put("root", root);
        fill.put("namespace", options.namespace());
        fill.put("image", values.image().repository());
        fill.put("tag", values.image().tag());
        fill.put("strategy", options.rollout().strategy());
        fill.put("pipewrightVersion", BuildInfo.load().version());
        fill.put("cpu", sizing.cpu());
        fill.put("cpuLimit", sizing.cpuLimit());
        fill.put("memory", sizing.memory());
        fill.put("p99Ms", BundleOptions.NumberFormat.plain(options.alerts().p99LatencyMs()));
        fill.put("errorPercent", BundleOptions.NumberFormat.plain(options.alerts().errorRatePercent()));
        fill.put("driftPsi", BundleOptions.NumberFormat.plain(options.alerts().driftPsi()));
        fill.put("driftWindow", Integer.toString(options.serving().driftWindow()));
        fill.put("microsPerRow", Double.isFinite(facts.microsPerRow()) ? String.format(Locale.ROOT, "%.0f", facts.microsPerRow()) : "an unmeasured");
        fill.put("rpsPerReplica", BundleOptions.NumberFormat.plain(sizing.requestsPerSecondPerReplica()));
        fill.put("cloud", options.cloud().provider());
        String mode = options.autoscaling().mode();
        fill.put("replicasText", mode.equals("none") ? Integer.toString(options.replicas())
                : options.autoscaling().minReplicas() + " to " + options.autoscaling().maxReplicas() + " (" + (mode.equals("hpa") ? "HPA on CPU"
                        : "KEDA on the request rate, " + BundleOptions.NumberFormat.plain(sizing.requestsPerSecondPerReplica()) + " requests/s a replica") + ")");
        fill.put("poolText", (options.spot().enabled() ? "spot" : "on-demand") + (options.gpu().enabled() ? ", with GPUs" : ""));
        fill.put("strategySteps", strategySteps(options, chart));
        ModeTexts.fill(fill, facts, options, values, chart);
        Cost.fill(fill, options, sizing);
        return fill;
    }

    private static String strategySteps(BundleOptions options, String chart) {
        String ns = options.namespace();
        return switch (options.rollout().strategy()) {
            case "canary" -> "\nThe canary (Argo Rollouts) moves " + options.rollout().canaryWeights() + " % of the pods to the new version, pausing "
                    + options.rollout().canaryPause() + " at each step" + (options.rollout().analysis() ? " while the analysis checks the p99 latency and error rate (a breach aborts it)" : "")
                    + ":\n\n```sh\nkubectl argo rollouts -n " + ns + " get rollout " + chart + " --watch\nkubectl argo rollouts -n " + ns + " promote " + chart
                    + "        # skip the current pause\nkubectl argo rollouts -n " + ns + " abort " + chart + "          # back to stable at once\n```\n";
            case "blue-green" -> "\nBlue-green (Argo Rollouts): the new version starts behind `svc/" + chart + "-preview`"
                    + (options.rollout().analysis() ? ", the analysis checks it," : "") + " and takes the traffic when promoted"
                    + (options.rollout().autoPromote() ? " (automatically)" : "") + ":\n\n```sh\nkubectl -n " + ns + " port-forward svc/" + chart
                    + "-preview 8081:80 &   # try the new version\nkubectl argo rollouts -n " + ns + " promote " + chart + "\n```\n";
            case "shadow" -> "\nShadow (Istio): `" + chart + "` keeps answering with the baseline image (`rollout.baselineTag`); `" + chart
                    + "-candidate` gets a copy of " + BundleOptions.NumberFormat.plain(options.rollout().mirrorPercent())
                    + " % of the requests and its answers are dropped. Compare both in the dashboard (job `" + chart + "`, track label), then deploy"
                    + " this version with `rollout.strategy=rolling` or `canary`.\n";
            case "ab" -> "\nA/B (Istio): requests with the header `" + options.rollout().abHeader() + ": " + options.rollout().abValue()
                    + "` and " + options.rollout().abCandidateWeight() + " % of the others go to `" + chart + "-candidate`.\n";
            default -> "\nRolling update: one new pod at a time (`maxUnavailable: 0`), each taking traffic only once ready.\n";
        };
    }

    static String tree(String root, List<String> paths) {
        var sorted = new ArrayList<>(paths);
        sorted.sort(null);
        var out = new StringBuilder(root).append("/\n");
        List<String> previous = List.of();
        for (String path : sorted) {
            List<String> parts = List.of(path.split("/"));
            int common = 0;
            while (common < parts.size() - 1 && common < previous.size() - 1 && parts.get(common).equals(previous.get(common))) {
                common++;
            }
            for (int depth = common; depth < parts.size(); depth++) {
                out.append("  ".repeat(depth + 1)).append(parts.get(depth)).append(depth < parts.size() - 1 ? "/" : "").append('\n');
            }
            previous = parts;
        }
        return out.toString().stripTrailing();
    }

    static String yaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }

    /** The server jar: {@code jar} itself when it is one, else the one in its folder; null when there is none. */
    static Path serverJarBeside(Path jar) {
        if (jar == null) {
            return null;
        }
        Path candidate = jar.getFileName().toString().equals(SERVER_JAR) ? jar : jar.resolveSibling(SERVER_JAR);
        return java.nio.file.Files.isRegularFile(candidate) ? candidate : null;
    }
}
