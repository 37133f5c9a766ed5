package io.pipewright.export.cluster;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pipewright.export.Validation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates an exported Argo Workflows bundle before it is written, as bundles are: each document against Argo's published schema
 * with unknown fields refused ({@link ArgoSchema}), ConfigMaps for their shape; the DAGs (every dependency names a task, no cycle,
 * every task's template exists, entrypoints and workflowTemplateRefs resolve); the trial fan-out of each tune node (the trial tasks'
 * {@code withSequence} ranges cover the study's trials exactly once); and the serving chart's pod-security policy for every container.
 * Each problem names the document, the path in it and the reason.
 */
public final class WorkflowValidation {
    public static final String SCHEMA_CHECK = "Argo schema " + ArgoSchema.VERSION;
    public static final String DAG_CHECK = "DAG";
    public static final String TRIALS_CHECK = "trial fan-out";
    public static final String POLICY_CHECK = "pod security";
    static final Set<String> ARGO_KINDS = Set.of("WorkflowTemplate", "Workflow", "CronWorkflow");
    static final Set<String> RBAC_KINDS = Set.of("ServiceAccount", "Role", "RoleBinding");
    private static final Set<String> CONFIG_MAP_FIELDS = Set.of("apiVersion", "kind", "metadata", "data", "binaryData", "immutable");
    /** Duplicate keys are refused, as the Kubernetes API's strict decoding does; Jackson would keep the last. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** One document of the export and how problems name it (its file, or its kind and name). */
    record Document(String label, JsonNode tree) {
        String kind() {
            return tree.path("kind").asText();
        }

        String name() {
            return tree.path("metadata").path("name").asText();
        }

        /** An Argo kind (a wrong apiVersion is the schema check's to report; the graph and the pods are still checked). */
        boolean isArgo() {
            return tree.isObject() && ARGO_KINDS.contains(kind());
        }

        /** The workflow spec of an Argo document, and its path: a CronWorkflow's is {@code spec.workflowSpec}. */
        JsonNode workflowSpec() {
            return kind().equals("CronWorkflow") ? tree.path("spec").path("workflowSpec") : tree.path("spec");
        }

        String workflowSpecPath() {
            return kind().equals("CronWorkflow") ? "spec.workflowSpec" : "spec";
        }

        String problem(String path, String reason) {
            return label + ": " + (path.isEmpty() ? "" : path + ": ") + reason;
        }
    }

    private WorkflowValidation() {
    }

    /**
     * Validates parsed documents (WorkflowTemplate, Workflow, CronWorkflow, ConfigMap), named in problems by their kind and name.
     * {@code expectedTrials} maps each select task (the tune node's task) to its study's number of trials.
     */
    public static Validation check(List<Map<String, Object>> documents, Map<String, Integer> expectedTrials) {
        var named = new ArrayList<Document>();
        for (int i = 0; i < documents.size(); i++) {
            JsonNode tree = YAML.valueToTree(documents.get(i));
            String kind = tree.path("kind").asText();
            String name = tree.path("metadata").path("name").asText();
            named.add(new Document(kind.isEmpty() || name.isEmpty() ? "document " + (i + 1) : kind + " " + name, tree));
        }
        return run(named, List.of(), expectedTrials);
    }

    /**
     * Validates YAML texts by file name (as they will be written; a file may hold several documents separated by {@code ---}),
     * named in problems by their file.
     */
    public static Validation checkYaml(Map<String, String> files, Map<String, Integer> expectedTrials) {
        return checkYaml(files, List.of(), expectedTrials);
    }

    private static Validation checkYaml(Map<String, String> files, List<String> unreadableFiles, Map<String, Integer> expectedTrials) {
        var named = new ArrayList<Document>();
        var unreadable = new ArrayList<>(unreadableFiles);
        for (var file : files.entrySet()) {
            var trees = new ArrayList<JsonNode>();
            try (var parser = YAML.readerFor(JsonNode.class).readValues(file.getValue())) {
                while (parser.hasNextValue()) {
                    JsonNode tree = (JsonNode) parser.nextValue();
                    if (tree != null && !tree.isNull() && !tree.isMissingNode()) {
                        trees.add(tree);
                    }
                }
            } catch (JsonProcessingException e) {
                var location = e.getLocation();
                unreadable.add(file.getKey() + (location == null || location.getLineNr() < 0 ? "" : ": line " + location.getLineNr())
                        + ": not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
                continue;
            } catch (IOException e) {
                unreadable.add(file.getKey() + ": cannot be read: " + e.getMessage());
                continue;
            }
            for (int i = 0; i < trees.size(); i++) {
                named.add(new Document(trees.size() == 1 ? file.getKey() : file.getKey() + " (document " + (i + 1) + ")", trees.get(i)));
            }
        }
        return run(named, unreadable, expectedTrials);
    }

    /** Validates YAML files, named in problems by their file name (a file that cannot be read is a problem too). */
    public static Validation checkFiles(List<Path> files, Map<String, Integer> expectedTrials) {
        var texts = new LinkedHashMap<String, String>();
        var unreadable = new ArrayList<String>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String key = texts.containsKey(name) ? file.toString() : name;
            try {
                texts.put(key, Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                unreadable.add(key + ": cannot be read: " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
            }
        }
        return checkYaml(texts, unreadable, expectedTrials);
    }

    private static Validation run(List<Document> given, List<String> unreadable, Map<String, Integer> expectedTrials) {
        var documents = new ArrayList<>(given);
        var problems = new ArrayList<>(unreadable);
        given.forEach(document -> submitted(document, documents, problems));
        var checks = new ArrayList<Validation.Check>();
        checks.add(schema(documents, problems));
        var dag = new WorkflowValidationDag(documents);
        checks.add(Validation.Check.of(DAG_CHECK, dag.summary(), dag.problems()));
        var trials = dag.trials(expectedTrials);
        int trialCount = expectedTrials.values().stream().mapToInt(Integer::intValue).sum();
        checks.add(Validation.Check.of(TRIALS_CHECK, expectedTrials.isEmpty() ? "no tune node to fan out"
                : expectedTrials.size() + " tune node" + (expectedTrials.size() == 1 ? "" : "s") + ", " + trialCount + " trials", trials));
        var policy = new WorkflowValidationPolicy(documents);
        checks.add(Validation.Check.of(POLICY_CHECK, policy.summary(), policy.problems()));
        return new Validation(List.copyOf(checks));
    }

    /**
     * A {@code resource} template that creates an Argo object (a CronWorkflow submitting the retraining Workflow) carries it as
     * YAML text: that object is checked like a document of its own, named by where it is written.
     */
    private static void submitted(Document document, List<Document> documents, List<String> problems) {
        if (!document.isArgo()) {
            return;
        }
        int index = 0;
        for (JsonNode template : document.workflowSpec().path("templates")) {
            String path = document.workflowSpecPath() + ".templates[" + index++ + "].resource.manifest";
            JsonNode manifest = template.path("resource").path("manifest");
            if (!manifest.isTextual()) {
                continue;
            }
            JsonNode tree;
            try {
                tree = YAML.readTree(manifest.asText());
            } catch (JsonProcessingException e) {
                // Argo substitutes {{…}} before it parses; such text may read as YAML only then
                if (!manifest.asText().contains("{{")) {
                    problems.add(document.problem(path, "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("")));
                }
                continue;
            }
            if (tree != null && ARGO_KINDS.contains(tree.path("kind").asText())) {
                documents.add(new Document(document.label() + ": " + path, tree));
            }
        }
    }

    private static Validation.Check schema(List<Document> documents, List<String> problems) {
        for (Document document : documents) {
            JsonNode tree = document.tree();
            if (!tree.isObject()) {
                problems.add(document.problem("", "not a Kubernetes object"));
                continue;
            }
            String kind = document.kind();
            String apiVersion = tree.path("apiVersion").asText();
            if (kind.equals("ConfigMap")) {
                configMap(document, problems);
                continue;
            }
            if (RBAC_KINDS.contains(kind) && io.pipewright.export.ManifestChecks.isNative(tree)) {
                // the service account the pods run as, its Role and binding: read into Kubernetes' own types, unknown fields refused
                io.pipewright.export.ManifestChecks.nativeProblems(document.label(), tree).forEach(problems::add);
                continue;
            }
            if (!ARGO_KINDS.contains(kind)) {
                problems.add(document.problem("kind", (kind.isEmpty() ? "missing" : "'" + kind + "'")
                        + " is not a kind of an Argo export (WorkflowTemplate, Workflow, CronWorkflow, ConfigMap, ServiceAccount, Role, RoleBinding)"));
                continue;
            }
            if (!ArgoSchema.API_VERSION.equals(apiVersion)) {
                problems.add(document.problem("apiVersion", "must be " + ArgoSchema.API_VERSION + ", not "
                        + (apiVersion.isEmpty() ? "missing" : "'" + apiVersion + "'")));
            }
            for (var violation : ArgoSchema.validate(kind, tree)) {
                if (!violation.path().equals("apiVersion")) {
                    problems.add(document.problem(violation.path(), violation.reason()));
                }
            }
        }
        return Validation.Check.of(SCHEMA_CHECK, documents.size() + " document" + (documents.size() == 1 ? "" : "s")
                + " against Argo Workflows' published schema, unknown fields refused", problems);
    }

    /** A ConfigMap is not Argo's: its shape is checked by hand (v1, a name, string data, nothing else). */
    private static void configMap(Document document, List<String> problems) {
        JsonNode tree = document.tree();
        if (!"v1".equals(tree.path("apiVersion").asText())) {
            problems.add(document.problem("apiVersion", "must be v1, not '" + tree.path("apiVersion").asText() + "'"));
        }
        if (tree.path("metadata").path("name").asText().isEmpty()) {
            problems.add(document.problem("metadata.name", "required field missing"));
        }
        tree.fieldNames().forEachRemaining(field -> {
            if (!CONFIG_MAP_FIELDS.contains(field)) {
                problems.add(document.problem(field, "unknown field"));
            }
        });
        JsonNode data = tree.path("data");
        if (!data.isMissingNode() && !data.isObject()) {
            problems.add(document.problem("data", "must be a map of strings"));
        }
        data.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isTextual()) {
                problems.add(document.problem("data." + entry.getKey(), "must be a string, not " + entry.getValue().getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
            }
        });
    }
}
