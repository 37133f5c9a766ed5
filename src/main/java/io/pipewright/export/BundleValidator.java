package io.pipewright.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pipewright.work.CancelledException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a drafted bundle and completes it: Helm lints the chart and renders it with its values and
 * each {@code ci/*-values.yaml}; every render goes through {@link ManifestChecks}; the rendered
 * PrometheusRule becomes the plain rule file and its promtool tests; the dashboard's and the rules'
 * queries must read metrics the serving runtime exposes. Where {@code promtool} or {@code terraform}
 * is on the PATH they run too (terraform fmt and validate); where not, the check says it was skipped.
 */
public final class BundleValidator {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Selector names in PromQL: a name followed by '{'. */
    private static final Pattern METRIC = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

    /** The metrics {@code pipewright serve} exposes (a test compares this with a live server's /metrics), and Prometheus's own {@code up}. */
    public static final Set<String> SERVED_METRICS = Set.of("pipewright_requests_seconds_bucket", "pipewright_requests_seconds_count",
            "pipewright_requests_seconds_sum", "pipewright_prediction_seconds_sum", "pipewright_prediction_seconds_count",
            "pipewright_predictions_total", "pipewright_prediction_value_sum", "pipewright_prediction_value_count", "pipewright_prediction_value_max",
            "pipewright_feature_drift_psi", "pipewright_drift_window_rows", "pipewright_batch_size_sum", "pipewright_batch_size_count",
            "process_cpu_usage", "system_cpu_count", "jvm_memory_used_bytes", "jvm_memory_max_bytes");
    static final Set<String> PROMETHEUS_METRICS = Set.of("up");
    /** The metrics {@code pipewright stream} serves on its metrics port (the names the streaming scorer is built to). */
    public static final Set<String> STREAM_METRICS = Set.of("pipewright_stream_lag", "pipewright_stream_dlq_total", "pipewright_stream_records_total",
            "pipewright_stream_latency_seconds_bucket");

    private final BundleWriter.Draft draft;
    private final BooleanSupplier cancelled;
    private final Tools tools;
    private final List<Validation.Check> checks = new ArrayList<>();

    /** Where the external validators are (null: not on this machine). */
    public record Tools(Path promtool, Path terraform) {
        public static Tools fromPath() {
            return new Tools(find("promtool", "PIPEWRIGHT_PROMTOOL"), find("terraform", "PIPEWRIGHT_TERRAFORM"));
        }

        static Path find(String name, String variable) {
            String given = System.getenv(variable);
            if (given != null && !given.isBlank() && Files.isExecutable(Path.of(given))) {
                return Path.of(given);
            }
            String path = System.getenv("PATH");
            if (path == null) {
                return null;
            }
            for (String folder : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(folder, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
            return null;
        }
    }

    private BundleValidator(BundleWriter.Draft draft, Tools tools, BooleanSupplier cancelled) {
        this.draft = draft;
        this.tools = tools;
        this.cancelled = cancelled;
    }

    /** Validates the draft, adding its alert files and README; the bundle may be written when {@link Validation#passed()}. */
    public static Validation validate(BundleWriter.Draft draft, Tools tools, BooleanSupplier cancelled) {
        return new BundleValidator(draft, tools, cancelled).run();
    }

    private void checkCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new CancelledException();
        }
    }

    private Validation run() {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("pipewright-bundle");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder: " + e.getMessage(), e);
        }
        try {
            Path chart = scratch.resolve("chart");
            var chartFiles = draft.bundle().under(draft.chartFolder());
            for (var entry : chartFiles.entrySet()) {
                Path file = chart.resolve(entry.getKey());
                Files.createDirectories(file.getParent());
                Files.write(file, entry.getValue().bytes());
            }
            // Helm renders no test hooks in a template: a copy without the hook annotations puts the test pod through the same checks
            Path test = chart.resolve("templates/tests/test-connection.yaml");
            if (Files.exists(test)) {
                Files.writeString(chart.resolve("templates/zz-checked-test-connection.yaml"),
                        Files.readString(test).replaceAll("(?m)^\\s*helm\\.sh/hook.*\\n", ""));
            }
            String helmMissing = HelmRunner.unavailableReason();
            if (helmMissing != null) {
                checks.add(Validation.Check.of("helm", "Helm could not run", List.of(helmMissing)));
                return new Validation(checks);
            }
            lint(chart);
            checkCancelled();
            Map<String, Object> ruleSpec = renders(chart, scratch);
            checkCancelled();
            if (ruleSpec != null) {
                BundleWriter.addAlertRules(draft, ruleSpec);
                alertRules(scratch);
            }
            checkCancelled();
            terraform(scratch);
            checkCancelled();
            dashboard();
            dockerfile();
            BundleWriter.addReadme(draft, new Validation(checks).lines());
            return new Validation(List.copyOf(checks));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot validate the bundle: " + e.getMessage(), e);
        } finally {
            try {
                Bundle.deleteTree(scratch);
            } catch (IOException ignored) {
                // a temporary folder left behind is not worth failing the export
            }
        }
    }

    private void lint(Path chart) {
        var lint = HelmRunner.lint(chart);
        var problems = lint.failed() ? lint.messages().stream().filter(message -> !message.startsWith("[INFO]")).toList() : List.<String>of();
        if (lint.failed() && problems.isEmpty()) {
            problems = lint.messages();
        }
        long info = lint.messages().stream().filter(message -> message.startsWith("[INFO]")).count();
        checks.add(Validation.Check.of("helm lint --strict", "Helm 3 in process" + (info > 0 ? ", " + info + " info message" + (info > 1 ? "s" : "") : ""),
                problems));
    }

    /** Renders the chart with its values and each ci values file; returns the PrometheusRule's spec of the exported values. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> renders(Path chart, Path scratch) throws IOException {
        Map<String, Object> ruleSpec = null;
        int documents = 0;
        var problems = new ArrayList<String>();
        var kinds = new java.util.TreeSet<String>();
        for (String name : BundleWriter.CI_VALUES) {
            checkCancelled();
            Path values = chart.resolve("ci/" + name + "-values.yaml");
            String rendered;
            try {
                rendered = HelmRunner.template(chart, draft.chart(), draft.options().namespace(), name.equals("default") ? null : values);
            } catch (RuntimeException e) {
                problems.add("ci/" + name + "-values.yaml: helm template failed: " + e.getMessage().lines().findFirst().orElse(""));
                continue;
            }
            for (String problem : ManifestChecks.check(rendered)) {
                problems.add("ci/" + name + "-values.yaml: " + problem);
            }
            try {
                for (var document : ManifestChecks.documents(rendered)) {
                    documents++;
                    kinds.add(document.kind());
                    if (name.equals("default") && document.kind().equals("PrometheusRule")) {
                        ruleSpec = YAML.convertValue(document.tree().path("spec"), LinkedHashMap.class);
                    }
                }
            } catch (IllegalArgumentException e) {
                // already reported by the checks
            }
        }
        checks.add(Validation.Check.of("helm template + manifest checks", BundleWriter.CI_VALUES.size() + " renders (values.yaml and ci/"
                + String.join(", ", BundleWriter.CI_VALUES.subList(1, BundleWriter.CI_VALUES.size())) + "), " + documents
                + " documents read into fabric8 types or checked as custom resources (" + String.join(", ", kinds) + "), unknown fields rejected, policy checked",
                problems));
        if (ruleSpec == null && problems.isEmpty()) {
            checks.add(Validation.Check.of("alert rules", "no PrometheusRule rendered", List.of("the chart rendered no PrometheusRule with its values")));
        }
        return ruleSpec;
    }

    private void alertRules(Path scratch) throws IOException {
        var problems = new ArrayList<String>();
        JsonNode rules = YAML.readTree(draft.bundle().content("monitoring/prometheus/alerts.yaml"));
        int count = 0;
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                count++;
                String alert = rule.path("alert").asText();
                problems.addAll(unknownMetrics("alert " + alert, rule.path("expr").asText()));
                String runbook = rule.path("annotations").path("runbook_url").asText();
                String file = runbook.substring(runbook.lastIndexOf('/') + 1);
                if (runbook.isEmpty() || draft.bundle().get("runbooks/" + file).isEmpty()) {
                    problems.add("alert " + alert + ": runbook_url '" + runbook + "' names no runbook of the bundle");
                }
            }
        }
        int tests = YAML.readTree(draft.bundle().content("monitoring/prometheus/alerts_test.yaml")).path("tests").size();
        checks.add(Validation.Check.of("alert rules", count + " alerts, each with a runbook; their queries read metrics the serving runtime exposes"
                + (draft.options().stream().enabled() ? " (or the streaming scorer)" : ""), problems));
        if (tools.promtool() == null) {
            checks.add(Validation.Check.skipped("promtool test rules", "promtool is not on this machine's PATH"));
            return;
        }
        Path folder = scratch.resolve("rules");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("alerts.yaml"), draft.bundle().content("monitoring/prometheus/alerts.yaml"));
        Files.writeString(folder.resolve("alerts_test.yaml"), draft.bundle().content("monitoring/prometheus/alerts_test.yaml"));
        var result = run(folder, List.of(tools.promtool().toString(), "test", "rules", "alerts_test.yaml"));
        checks.add(Validation.Check.of("promtool test rules", tests + " tests (each alert firing and quiet) with " + version(tools.promtool()),
                result.exit() == 0 ? List.of() : List.of(lastLines(result.output()))));
    }

    /**
     * The Terraform files are fixed templates (TerraformFilesTest parses them strictly, checks their
     * variables and that the bundle copies them as they are) and an example of variables written from
     * checked options, so only the tools that know the providers have anything left to say.
     */
    private void terraform(Path scratch) throws IOException {
        if (tools.terraform() == null) {
            checks.add(Validation.Check.skipped("terraform fmt", "terraform is not on this machine's PATH"));
            checks.add(Validation.Check.skipped("terraform validate", "terraform is not on this machine's PATH"));
            return;
        }
        Path folder = scratch.resolve("terraform");
        for (var entry : draft.bundle().under("terraform/").entrySet()) {
            Path file = folder.resolve(entry.getKey().replace("terraform.tfvars.example", "example.auto.tfvars"));
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue().bytes());
        }
        var fmt = run(folder, List.of(tools.terraform().toString(), "fmt", "-check", "-recursive", "-list=true", "."));
        checks.add(Validation.Check.of("terraform fmt", "terraform fmt -check with " + version(tools.terraform()),
                fmt.exit() == 0 ? List.of() : List.of("not formatted as terraform fmt writes it: " + lastLines(fmt.output()))));
        Path plugins = Path.of(System.getProperty("user.home"), ".terraform.d", "plugins");
        if (!Files.isDirectory(plugins.resolve("registry.terraform.io/hashicorp"))) {
            checks.add(Validation.Check.skipped("terraform validate", "no provider plugins on this machine (" + plugins
                    + "/registry.terraform.io/hashicorp); terraform init needs them, or the network"));
            return;
        }
        var validateProblems = new ArrayList<String>();
        for (String cloud : BundleOptions.CLOUDS) {
            Path dir = folder.resolve(cloud);
            var init = run(dir, List.of(tools.terraform().toString(), "init", "-backend=false", "-input=false", "-plugin-dir=" + plugins));
            var validate = init.exit() == 0 ? run(dir, List.of(tools.terraform().toString(), "validate", "-no-color")) : init;
            if (validate.exit() != 0) {
                validateProblems.add(cloud + ": " + lastLines(validate.output()));
            }
        }
        checks.add(Validation.Check.of("terraform validate", "terraform init -backend=false and validate with the local provider plugins", validateProblems));
    }

    private void dashboard() throws IOException {
        var problems = new ArrayList<String>();
        JsonNode dashboard = new ObjectMapper().readTree(draft.bundle().content("monitoring/grafana/dashboard.json"));
        int queries = 0;
        if (!dashboard.path("__inputs").toString().contains("DS_PROMETHEUS")) {
            problems.add("no DS_PROMETHEUS input");
        }
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("targets").isEmpty()) {
                problems.add("panel '" + panel.path("title").asText() + "' has no query");
            }
            for (JsonNode target : panel.path("targets")) {
                queries++;
                problems.addAll(unknownMetrics("panel '" + panel.path("title").asText() + "'", target.path("expr").asText()));
            }
        }
        checks.add(Validation.Check.of("Grafana dashboard", dashboard.path("panels").size() + " panels, " + queries
                + " queries, each reading metrics the serving runtime exposes" + (draft.options().stream().enabled() ? " (or the streaming scorer)" : ""), problems));
    }

    /** The metric names a query reads that neither the serving runtime nor Prometheus provides. */
    static List<String> unknownMetrics(String where, String expr) {
        var problems = new ArrayList<String>();
        Matcher matcher = METRIC.matcher(expr);
        boolean any = false;
        while (matcher.find()) {
            any = true;
            String name = matcher.group(1);
            if (!SERVED_METRICS.contains(name) && !PROMETHEUS_METRICS.contains(name) && !STREAM_METRICS.contains(name)) {
                problems.add(where + ": reads " + name + ", which the serving runtime does not expose");
            }
        }
        if (!any) {
            problems.add(where + ": reads no metric");
        }
        return problems;
    }

    private static final String DOCKERFILE_CHECKS = "pinned JRE base, non-root numeric user, exec-form entrypoint, health check, a root-owned pipewright command";

    private void dockerfile() {
        var problems = dockerfileProblems(draft.bundle().content("Dockerfile"), draft.facts().sha256());
        if (draft.bundle().get(BundleWriter.BUNDLED_JAR).isEmpty()) {
            checks.add(Validation.Check.of("Dockerfile", DOCKERFILE_CHECKS + "; "
                    + BundleWriter.BUNDLED_JAR + " is not included (no " + BundleWriter.SERVER_JAR + " beside the running jar): copy it there before docker build", problems));
        } else {
            checks.add(Validation.Check.of("Dockerfile", DOCKERFILE_CHECKS, problems));
        }
    }

    /** What the image built from this Dockerfile would lack, one line each. */
    static List<String> dockerfileProblems(String dockerfile, String sha256) {
        var problems = new ArrayList<String>();
        for (String line : dockerfile.lines().toList()) {
            if (line.startsWith("FROM ") && (line.contains(":latest") || !line.split("\\s+")[1].contains(":"))) {
                problems.add("base image not pinned: " + line);
            }
        }
        if (!dockerfile.lines().anyMatch(line -> line.matches("USER [1-9][0-9]*(:[0-9]+)?"))) {
            problems.add("no numeric non-root USER");
        }
        if (!dockerfile.contains("ENTRYPOINT [\"java\"")) {
            problems.add("the ENTRYPOINT is not in exec form");
        }
        if (!dockerfile.contains("HEALTHCHECK ")) {
            problems.add("no HEALTHCHECK");
        }
        if (!dockerfile.contains("--sha256\", \"" + sha256)) {
            problems.add("the server is not told the model's SHA-256");
        }
        // an exported pipeline's tasks run `pipewright run …` in this image: the command must be there, and not the runtime user's to change
        if (!dockerfile.lines().anyMatch(line -> line.startsWith("COPY --chown=0:0 --chmod=0755 ") && line.endsWith(" /usr/local/bin/pipewright"))) {
            problems.add("no root-owned /usr/local/bin/pipewright for the tasks of an exported pipeline");
        }
        return problems;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path folder, List<String> command) {
        try {
            var process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, command.get(0) + " did not finish in 120 s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    private static final Map<Path, String> VERSIONS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String version(Path tool) {
        return VERSIONS.computeIfAbsent(tool, path -> {
            var result = run(path.getParent(), List.of(path.toString(), "--version"));
            String first = result.output().lines().filter(line -> !line.isBlank() && !line.contains("CLI configuration") && !line.startsWith("│")
                    && !line.startsWith("╷") && !line.startsWith("╵")).findFirst().orElse(path.getFileName().toString());
            return first.replaceAll("\\s*\\(branch.*", "").strip();
        });
    }

    private static String lastLines(String output) {
        var lines = output.lines().filter(line -> !line.isBlank()).toList();
        return String.join(" / ", lines.subList(Math.max(0, lines.size() - 6), lines.size()));
    }
}
