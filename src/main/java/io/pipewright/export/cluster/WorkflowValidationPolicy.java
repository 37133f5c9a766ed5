package io.pipewright.export.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.pipewright.export.ManifestChecks;
import io.pipewright.export.cluster.WorkflowValidation.Document;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The serving chart's pod-security policy ({@link ManifestChecks#containerProblems}) applied to every container an Argo template
 * runs (its container or script, a container set's containers, init containers and sidecars), with the template's pod security
 * context or else the workflow's, after the workflow's {@code templateDefaults}; and no hostPath volume. Long-running probes and the
 * seccomp profile are the serving pods' own and not asked of workflow steps.
 */
final class WorkflowValidationPolicy {
    private static final JsonMapper TYPED = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final ManifestChecks.PodPolicy STEP = new ManifestChecks.PodPolicy(false, false);

    private final List<String> problems = new ArrayList<>();
    private int containers;

    WorkflowValidationPolicy(List<Document> documents) {
        for (Document document : documents) {
            if (document.isArgo()) {
                checkSpec(document);
            }
        }
    }

    List<String> problems() {
        return problems;
    }

    String summary() {
        return containers + " container" + (containers == 1 ? "" : "s") + " against the serving chart's policy";
    }

    private void checkSpec(Document document) {
        JsonNode spec = document.workflowSpec();
        String at = document.workflowSpecPath();
        volumes(document, at + ".volumes", spec.path("volumes"));
        JsonNode defaults = spec.path("templateDefaults");
        int index = 0;
        for (JsonNode declared : spec.path("templates")) {
            String path = at + ".templates[" + index++ + "]";
            JsonNode template = defaults.isObject() && declared.isObject() ? merged(defaults, declared) : declared;
            JsonNode podSecurity = template.has("securityContext") ? template.path("securityContext") : spec.path("securityContext");
            PodSecurityContext pod = typed(podSecurity, PodSecurityContext.class);
            if (declared.has("container")) {
                container(document, path + ".container", template.path("container"), pod);
            }
            if (declared.has("script")) {
                container(document, path + ".script", template.path("script"), pod);
            }
            for (String list : List.of("initContainers", "sidecars")) {
                int item = 0;
                for (JsonNode container : template.path(list)) {
                    container(document, path + "." + list + "[" + item++ + "]", container, pod);
                }
            }
            int item = 0;
            for (JsonNode container : template.path("containerSet").path("containers")) {
                container(document, path + ".containerSet.containers[" + item++ + "]", container, pod);
            }
            volumes(document, path + ".volumes", template.path("volumes"));
        }
    }

    private void container(Document document, String path, JsonNode node, PodSecurityContext pod) {
        containers++;
        Container container = typed(node, Container.class);
        if (container == null) {
            return; // not a container's shape: the schema check names it
        }
        ManifestChecks.containerProblems(container, pod, STEP).forEach(problem -> problems.add(document.problem(path, problem)));
    }

    private void volumes(Document document, String path, JsonNode volumes) {
        int index = 0;
        for (JsonNode node : volumes) {
            Volume volume = typed(node, Volume.class);
            if (volume != null) {
                String at = path + "[" + index + "]";
                ManifestChecks.volumeProblems(List.of(volume)).forEach(problem -> problems.add(document.problem(at, problem)));
            }
            index++;
        }
    }

    private static <T> T typed(JsonNode node, Class<T> type) {
        if (node == null || !node.isObject()) {
            return null;
        }
        try {
            return TYPED.readValue(node.toString(), type);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A template over the workflow's templateDefaults, as Argo merges them: the template's own values win, objects merge. */
    static JsonNode merged(JsonNode defaults, JsonNode template) {
        ObjectNode result = ((ObjectNode) defaults).deepCopy();
        template.fields().forEachRemaining(field -> {
            JsonNode under = result.get(field.getKey());
            result.set(field.getKey(), under != null && under.isObject() && field.getValue().isObject() ? merged(under, field.getValue()) : field.getValue());
        });
        return result;
    }
}
