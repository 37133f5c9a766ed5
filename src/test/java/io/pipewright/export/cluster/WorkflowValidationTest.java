package io.pipewright.export.cluster;

import static io.pipewright.export.cluster.WorkflowValidationFixtures.TRIALS;
import static io.pipewright.export.cluster.WorkflowValidationFixtures.files;
import static io.pipewright.export.cluster.WorkflowValidationFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pipewright.export.Validation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An exported Argo bundle is refused, naming the document, the path and the reason, for each way it could be wrong. */
class WorkflowValidationTest {
    private static final String WT = "workflow-template.yaml";

    private static Validation check(Map<String, String> files) {
        return WorkflowValidation.checkYaml(files, TRIALS);
    }

    /** The problems of one check, each as "document: path: reason". */
    private static List<String> problems(Validation validation, String check) {
        return validation.checks().stream().filter(one -> one.name().equals(check)).findFirst().orElseThrow().problems();
    }

    @Test
    void theHandWrittenExportPassesEveryCheck() {
        Validation validation = check(files());
        assertThat(validation.problems()).isEmpty();
        assertThat(validation.checks()).extracting(Validation.Check::name)
                .containsExactly("Argo schema v4.1.2", "DAG", "trial fan-out", "pod security");
        assertThat(validation.checks()).extracting(Validation.Check::status).containsOnly(Validation.Status.PASSED);
        assertThat(validation.lines()).contains("DAG: passed (12 templates, 12 DAG tasks)", "trial fan-out: passed (1 tune node, 14 trials)",
                "pod security: passed (10 containers against the serving chart's policy)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void parsedDocumentsAreNamedByKindAndName() throws Exception {
        var yaml = new ObjectMapper(new YAMLFactory());
        var documents = new ArrayList<Map<String, Object>>();
        for (String text : files().values()) {
            documents.add(yaml.readValue(text, new TypeReference<Map<String, Object>>() { }));
        }
        assertThat(WorkflowValidation.check(documents, TRIALS).passed()).isTrue();
        documents.get(1).put("kind", "Workflow");
        ((Map<String, Object>) documents.get(1).get("spec")).put("parallelism", "four");
        assertThat(WorkflowValidation.check(documents, TRIALS).problems())
                .containsExactly("Argo schema v4.1.2: document 2: spec.parallelism: must be an integer, not a string (\"four\")");
        ((Map<String, Object>) documents.get(0).get("metadata")).put("nmae", "x");
        assertThat(WorkflowValidation.check(documents, TRIALS).problems())
                .contains("Argo schema v4.1.2: WorkflowTemplate credit-train: metadata.nmae: unknown field");
    }

    @Test
    void anUnknownFieldDeepInsideIsNamedWithItsPath() {
        var validation = check(with(WT, "\n        command: [pipewright]", "\n        command: [pipewright]\n        imagePulPolicy: Always"));
        assertThat(validation.passed()).isFalse();
        assertThat(problems(validation, "Argo schema v4.1.2")).containsExactly(WT + ": spec.templates[1].container.imagePulPolicy: unknown field");
    }

    @Test
    void aWrongTypeIsNamed() {
        assertThat(problems(check(with(WT, "parallelism: 4", "parallelism: [4]")), "Argo schema v4.1.2"))
                .containsExactly(WT + ": spec.parallelism: must be an integer, not an array");
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        assertThat(problems(check(with("cron-workflow-credit-drift.yaml", "  schedules: [\"0 6 * * *\"]\n", "")), "Argo schema v4.1.2"))
                .containsExactly("cron-workflow-credit-drift.yaml: spec.schedules: required field missing");
        assertThat(problems(check(with(WT, "- {name: read, template: read}", "- {template: read}")), "Argo schema v4.1.2"))
                .containsExactly(WT + ": spec.templates[0].dag.tasks[0].name: required field missing");
    }

    @Test
    void aWrongApiVersionOrKindIsRefused() {
        assertThat(check(with("workflow.yaml", "argoproj.io/v1alpha1", "argoproj.io/v1beta1")).problems())
                .containsExactly("Argo schema v4.1.2: workflow.yaml: apiVersion: must be argoproj.io/v1alpha1, not 'argoproj.io/v1beta1'");
        assertThat(check(with("workflow.yaml", "kind: Workflow", "kind: Pipeline")).problems()).contains(
                "Argo schema v4.1.2: workflow.yaml: kind: 'Pipeline' is not a kind of an Argo export (WorkflowTemplate, Workflow, CronWorkflow, ConfigMap, ServiceAccount, Role, RoleBinding)");
    }

    @Test
    void aConfigMapGetsAShapeCheck() {
        assertThat(check(with("pipeline-configmap.yaml", "\ndata:", "\ndta:")).problems())
                .containsExactly("Argo schema v4.1.2: pipeline-configmap.yaml: dta: unknown field");
    }

    @Test
    void textThatIsNotYamlIsNamedWithItsLine() {
        assertThat(check(with("workflow.yaml", "  parallelism: 4", "  parallelism: [4")).problems()).singleElement().asString()
                .startsWith("Argo schema v4.1.2: workflow.yaml: line ");
    }

    @Test
    void aDuplicateKeyIsRefused() {
        assertThat(check(with("workflow.yaml", "  parallelism: 4", "  parallelism: 4\n  parallelism: 8")).problems()).singleElement().asString()
                .startsWith("Argo schema v4.1.2: workflow.yaml: line 8: not valid YAML: Duplicate field 'parallelism'");
    }

    @Test
    void aDependencyOnAMissingTaskIsNamed() {
        assertThat(check(with(WT, "dependencies: [features]", "dependencies: [featurs]")).problems())
                .containsExactly("DAG: " + WT + ": spec.templates[0].dag.tasks[4].dependencies[0]: 'featurs' names no task of this DAG");
        assertThat(check(with(WT, "depends: \"tune && split.Succeeded\"", "depends: \"tune && splt.Succeeded\"")).problems())
                .containsExactly("DAG: " + WT + ": spec.templates[0].dag.tasks[8].depends: 'splt' names no task of this DAG");
    }

    @Test
    void aCycleIsNamedTaskByTask() {
        assertThat(check(with(WT, "{name: validate, template: validate, dependencies: [read]}",
                "{name: validate, template: validate, dependencies: [read, clean]}")).problems())
                .containsExactly("DAG: " + WT + ": spec.templates[0].dag.tasks: the dependencies form a cycle: validate → clean → validate");
    }

    @Test
    void templatesEntrypointsAndReferencesMustResolve() {
        assertThat(check(with(WT, "{name: register, template: register,", "{name: register, template: registr,")).problems())
                .containsExactly("DAG: " + WT + ": spec.templates[0].dag.tasks[9].template: 'registr' names no template of " + WT);
        assertThat(check(with(WT, "entrypoint: pipeline", "entrypoint: pipe")).problems())
                .containsExactly("DAG: " + WT + ": spec.entrypoint: 'pipe' names no template");
        assertThat(check(with("workflow.yaml", "{name: credit-train}", "{name: credit-training}")).problems())
                .containsExactly("DAG: workflow.yaml: spec.workflowTemplateRef.name: 'credit-training' names no WorkflowTemplate of the export (credit-train)");
        assertThat(check(with("cron-workflow-credit-drift.yaml", "template: pipeline}", "template: pipelines}")).problems())
                .containsExactly("DAG: cron-workflow-credit-drift.yaml: spec.workflowSpec.templates[0].dag.tasks[1].templateRef.template: "
                        + "'pipelines' names no template of WorkflowTemplate credit-train");
    }

    @Test
    void namesFollowArgosRules() {
        assertThat(check(with(WT, "name: credit-train\n", "name: Credit_Train\n")).problems()).contains("DAG: " + WT
                + ": metadata.name: 'Credit_Train' is not a valid Kubernetes name (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)");
        assertThat(check(with(WT, "{name: read, template: read}", "{name: read_csv, template: read}")).problems()).containsExactly("DAG: " + WT
                + ": spec.templates[0].dag.tasks[0].name: 'read_csv' is not a valid Argo name (letters, digits and '-', starting with a letter or digit, at most 128)",
                "DAG: " + WT + ": spec.templates[0].dag.tasks[1].dependencies[0]: 'read' names no task of this DAG");
        String longName = "credit-drift-of-the-scoring-model-in-the-eu-west-region";
        assertThat(check(with("cron-workflow-credit-drift.yaml", "name: credit-drift", "name: " + longName)).problems()).containsExactly("DAG: "
                + "cron-workflow-credit-drift.yaml: metadata.name: '" + longName + "' is longer than the 52 characters Argo allows a CronWorkflow");
        assertThat(check(with("workflow.yaml", "generateName: credit-train-", "labels: {a: b}")).problems())
                .containsExactly("DAG: workflow.yaml: metadata.name: required field missing (or generateName)");
    }

    /** A CronWorkflow may submit the retraining Workflow from a resource step: the Workflow in its manifest is checked too. */
    @Test
    void aWorkflowSubmittedByAResourceStepIsCheckedToo() {
        String cron = "cron-workflow-credit-drift.yaml";
        String submitting = files().get(cron).replace("templateRef: {name: credit-train, template: pipeline}", "template: submit") + """
                      - name: submit
                        resource:
                          action: create
                          manifest: |
                            apiVersion: argoproj.io/v1alpha1
                            kind: Workflow
                            metadata: {generateName: credit-train-}
                            spec:
                              workflowTemplateRef: {name: credit-train}
                """;
        var files = files();
        files.put(cron, submitting);
        assertThat(check(files).problems()).isEmpty();
        files.put(cron, submitting.replace("{name: credit-train}", "{name: credit-trainer}"));
        assertThat(check(files).problems()).containsExactly("DAG: " + cron + ": spec.workflowSpec.templates[2].resource.manifest: "
                + "spec.workflowTemplateRef.name: 'credit-trainer' names no WorkflowTemplate of the export (credit-train)");
        files.put(cron, submitting.replace("workflowTemplateRef:", "workflowTemplateRefs:"));
        assertThat(check(files).problems()).contains("Argo schema v4.1.2: " + cron + ": spec.workflowSpec.templates[2].resource.manifest: "
                + "spec.workflowTemplateRefs: unknown field");
    }

    @Test
    void aFanOutThatDiffersFromTheTrialsIsRefused() {
        assertThat(WorkflowValidation.checkYaml(files(), Map.of("tune", 16)).problems())
                .containsExactly("trial fan-out: " + WT + ": spec.templates[0].dag.tasks[7]: the trial tasks of 'tune' (tune-trials-0, tune-trials-1) "
                        + "fan out 14 trials, the study has 16",
                        "trial fan-out: " + WT + ": spec.templates[0].dag.tasks[7]: no trial task of 'tune' runs trials 14..15");
        assertThat(check(with(WT, "count: \"4\"", "count: \"3\"")).problems()).containsExactly(
                "trial fan-out: " + WT + ": spec.templates[0].dag.tasks[7]: the trial tasks of 'tune' (tune-trials-0, tune-trials-1) fan out 13 trials, the study has 14",
                "trial fan-out: " + WT + ": spec.templates[0].dag.tasks[7]: no trial task of 'tune' runs trial 13");
        assertThat(WorkflowValidation.checkYaml(files(), Map.of("tuning", 14)).problems())
                .containsExactly("trial fan-out: the export has no DAG task 'tuning' to select the best of 14 trials");
    }

    @Test
    void aGapOrAnOverlapInTheTrialSequenceIsRefused() {
        assertThat(check(with(WT, "start: \"10\"", "start: \"11\"")).problems()).containsExactly(
                "trial fan-out: " + WT + ": spec.templates[0].dag.tasks[7]: no trial task of 'tune' runs trial 10",
                "trial fan-out: " + WT + ": spec.templates[0].dag.tasks[7]: trial 14 of 'tune' is past the study's 14 trials");
        assertThat(check(with(WT, "start: \"10\"", "start: \"8\"")).problems()).contains(
                "trial fan-out: " + WT + ": spec.templates[0].dag.tasks[7]: trials 8..9 of 'tune' run twice (tune-trials-0 and tune-trials-1)");
        assertThat(check(with(WT, "start: \"10\"", "start: \"{{workflow.parameters.first}}\"")).problems()).contains(
                "trial fan-out: " + WT + ": spec.templates[0].dag.tasks[6].withSequence.start: must be a whole number, not '{{workflow.parameters.first}}'");
    }

    @Test
    void aTrialTaskThatDoesNotPassItsItemIsRefused() {
        assertThat(check(with(WT, "parameters: [{name: trial, value: \"{{item}}\"}]", "parameters: [{name: trial, value: \"0\"}]")).problems())
                .containsExactly("trial fan-out: " + WT + ": spec.templates[0].dag.tasks[5]: trial task 'tune-trials-0' never passes {{item}} "
                        + "(in its arguments or inline template), so each of its trials would run the same trial");
    }

    /** The contract's shape: a trial task's inline template runs {@code --trial "{{item}}"}; its container is held to the policy too. */
    @Test
    void anInlineTrialTemplateIsCheckedLikeAnyOther() {
        String inline = WorkflowValidationFixtures.template("x", "--node, tune, --trial, \"{{item}}\", --parallelism, \"4\"", "1", "2Gi")
                .lines().skip(1).map(line -> "        " + line + "\n").collect(java.util.stream.Collectors.joining());
        String task = "          - name: tune-trials-1\n            template: tune-trial\n            dependencies: [tune-trials-0]\n"
                + "            withSequence: {start: \"10\", count: \"4\"}\n            arguments:\n              parameters: [{name: trial, value: \"{{item}}\"}]\n";
        String inlined = "          - name: tune-trials-1\n            dependencies: [tune-trials-0]\n"
                + "            withSequence: {start: \"10\", count: \"4\"}\n            inline:\n" + inline;
        var changed = with(WT, task, inlined);
        assertThat(check(changed).problems()).isEmpty();
        changed = with(WT, task, inlined.replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true"));
        assertThat(check(changed).problems()).containsExactly(
                "pod security: " + WT + ": spec.templates[0].dag.tasks[6].inline.container: allowPrivilegeEscalation must be false");
    }

    @Test
    void aPrivilegedContainerIsRefused() {
        assertThat(check(with(WT, "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: false\n          privileged: true")).problems())
                .containsExactly("pod security: " + WT + ": spec.templates[1].container: must not be privileged");
    }

    @Test
    void aContainerWithoutRunAsNonRootIsRefused() {
        assertThat(check(with("cron-workflow-credit-drift.yaml", "securityContext: {runAsNonRoot: true, runAsUser: 10001}", "securityContext: {runAsUser: 0}"))
                .problems()).containsExactly("pod security: cron-workflow-credit-drift.yaml: spec.workflowSpec.templates[1].container: must run as non-root (runAsNonRoot)");
        // a template's own pod security context replaces the workflow's
        assertThat(check(with(WT, "\n      retryStrategy:", "\n      securityContext: {runAsUser: 0}\n      retryStrategy:")).problems())
                .containsExactly("pod security: " + WT + ": spec.templates[1].container: must run as non-root (runAsNonRoot)");
    }

    @Test
    void anImageTaggedLatestIsRefused() {
        assertThat(check(with(WT, "image: ghcr.io/pipewright/pipewright:0.9.0", "image: ghcr.io/pipewright/pipewright:latest")).problems())
                .containsExactly("pod security: " + WT + ": spec.templates[1].container: image 'ghcr.io/pipewright/pipewright:latest' uses the latest tag");
    }

    @Test
    void theRestOfThePolicyIsTheServingChartsToo() {
        var loose = with(WT, "        resources:\n          requests: {cpu: 500m, memory: 1Gi}\n          limits: {cpu: 500m, memory: 1Gi}\n", "");
        assertThat(check(loose).problems()).containsExactly(
                "pod security: " + WT + ": spec.templates[1].container: no CPU and memory requests",
                "pod security: " + WT + ": spec.templates[1].container: no memory limit");
        var hostPath = with(WT, "      persistentVolumeClaim: {claimName: pipewright-workspace}", "      hostPath: {path: /var/lib/pipewright}");
        assertThat(check(hostPath).problems())
                .containsExactly("pod security: " + WT + ": spec.volumes[0]: volume workspace: hostPath volumes are not allowed");
        var unguarded = with(WT, "          readOnlyRootFilesystem: true\n          capabilities: {drop: [ALL]}\n", "          readOnlyRootFilesystem: false\n");
        assertThat(check(unguarded).problems()).containsExactly(
                "pod security: " + WT + ": spec.templates[1].container: readOnlyRootFilesystem must be true",
                "pod security: " + WT + ": spec.templates[1].container: capabilities must drop ALL");
    }

    /** Argo merges templateDefaults into each template (Argo's schema asks the defaults' container for an image too). */
    @Test
    void templateDefaultsCountForEveryTemplate() {
        String guards = "        securityContext:\n          allowPrivilegeEscalation: false\n          readOnlyRootFilesystem: true\n          capabilities: {drop: [ALL]}\n";
        String text = files().get(WT);
        assertThat(text).contains(guards);
        text = text.replace(guards, "").replace("  templates:\n", "  templateDefaults:\n    container:\n      image: " + WorkflowValidationFixtures.IMAGE + "\n" + guards.indent(-2) + "  templates:\n");
        var files = files();
        files.put(WT, text);
        assertThat(check(files).problems()).isEmpty();
        files.put(WT, text.replace("        readOnlyRootFilesystem: true\n", ""));
        assertThat(check(files).problems()).hasSize(9).allMatch(problem -> problem.endsWith("readOnlyRootFilesystem must be true"));
    }

    @Test
    void filesAreNamedByTheirFileName(@TempDir Path folder) throws Exception {
        var paths = new ArrayList<Path>();
        for (var file : files().entrySet()) {
            paths.add(Files.writeString(folder.resolve(file.getKey()), file.getValue()));
        }
        assertThat(WorkflowValidation.checkFiles(paths, TRIALS).passed()).isTrue();
        Files.writeString(paths.get(1), files().get("workflow.yaml") + "---\n" + files().get("workflow.yaml").replace("parallelism: 4", "parallelism: -4x"));
        assertThat(WorkflowValidation.checkFiles(paths, TRIALS).problems()).containsExactly(
                "Argo schema v4.1.2: workflow.yaml (document 2): spec.parallelism: must be an integer, not a string (\"-4x\")");
        paths.add(folder.resolve("missing.yaml"));
        assertThat(WorkflowValidation.checkFiles(paths, TRIALS).problems()).contains("Argo schema v4.1.2: missing.yaml: cannot be read: no such file");
    }
}
