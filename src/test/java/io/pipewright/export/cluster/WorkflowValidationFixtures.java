package io.pipewright.export.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-written Argo export in the shape the exporter writes: a WorkflowTemplate with one DAG task per node of a credit pipeline,
 * its tune node fanned out as two TPE batches of trial tasks (10 start-up trials, then 4) before the select task; a Workflow that
 * submits it; a CronWorkflow that runs a monitor and, when it triggers, the template's DAG; and the pipeline as a ConfigMap.
 */
final class WorkflowValidationFixtures {
    static final Map<String, Integer> TRIALS = Map.of("tune", 14);
    static final String IMAGE = "ghcr.io/pipewright/pipewright:0.9.0";

    private WorkflowValidationFixtures() {
    }

    /** One node's container template: the project image running exactly the command line of the contract. */
    static String template(String name, String args, String cpu, String memory) {
        return """
                  - name: NAME
                    retryStrategy:
                      limit: "2"
                      expression: "asInt(lastRetry.exitCode) != 2"
                      backoff: {duration: "10s", factor: "2"}
                    container:
                      image: IMAGE
                      command: [pipewright]
                      args: [run, /workspace/pipeline/credit.yaml, ARGS, --workspace, "/workspace/{{workflow.name}}", --run-id, "{{workflow.name}}", --seed, "7"]
                      env:
                        - name: PIPEWRIGHT_STORE
                          valueFrom: {secretKeyRef: {name: pipewright-store, key: url}}
                      volumeMounts:
                        - {name: workspace, mountPath: /workspace}
                      resources:
                        requests: {cpu: CPU, memory: MEMORY}
                        limits: {cpu: CPU, memory: MEMORY}
                      securityContext:
                        allowPrivilegeEscalation: false
                        readOnlyRootFilesystem: true
                        capabilities: {drop: [ALL]}
                """.replace("NAME", name).replace("IMAGE", IMAGE).replace("ARGS", args).replace("CPU", cpu).replace("MEMORY", memory)
                .indent(2);
    }

    static String workflowTemplate() {
        var text = new StringBuilder("""
                apiVersion: argoproj.io/v1alpha1
                kind: WorkflowTemplate
                metadata:
                  name: credit-train
                  labels: {app.kubernetes.io/managed-by: pipewright}
                spec:
                  entrypoint: pipeline
                  parallelism: 4
                  serviceAccountName: pipewright
                  securityContext:
                    runAsNonRoot: true
                    runAsUser: 10001
                    fsGroup: 10001
                  volumes:
                    - name: workspace
                      persistentVolumeClaim: {claimName: pipewright-workspace}
                  templates:
                    - name: pipeline
                      dag:
                        tasks:
                          - {name: read, template: read}
                          - {name: validate, template: validate, dependencies: [read]}
                          - {name: clean, template: clean, dependencies: [validate]}
                          - {name: features, template: features, dependencies: [clean]}
                          - {name: split, template: split, dependencies: [features]}
                          - name: tune-trials-0
                            template: tune-trial
                            dependencies: [split]
                            withSequence: {start: "0", count: "10"}
                            arguments:
                              parameters: [{name: trial, value: "{{item}}"}]
                          - name: tune-trials-1
                            template: tune-trial
                            dependencies: [tune-trials-0]
                            withSequence: {start: "10", count: "4"}
                            arguments:
                              parameters: [{name: trial, value: "{{item}}"}]
                          - {name: tune, template: tune-select, dependencies: [tune-trials-0, tune-trials-1]}
                          - {name: evaluate, template: evaluate, depends: "tune && split.Succeeded"}
                          - {name: register, template: register, dependencies: [evaluate]}
                """);
        for (String node : List.of("read", "validate", "clean", "features", "split")) {
            text.append(template(node, "--node, " + node, "500m", "1Gi"));
        }
        text.append(template("tune-trial", "--node, tune, --trial, \"{{inputs.parameters.trial}}\", --parallelism, \"4\"", "1", "2Gi")
                .replace("      retryStrategy:", "      inputs:\n        parameters: [{name: trial}]\n      retryStrategy:"));
        text.append(template("tune-select", "--node, tune, --select, --parallelism, \"4\"", "1", "2Gi"));
        text.append(template("evaluate", "--node, evaluate", "500m", "1Gi"));
        text.append(template("register", "--node, register", "250m", "512Mi"));
        return text.toString();
    }

    static String workflow() {
        return """
                apiVersion: argoproj.io/v1alpha1
                kind: Workflow
                metadata:
                  generateName: credit-train-
                spec:
                  workflowTemplateRef: {name: credit-train}
                  parallelism: 4
                """;
    }

    static String cronWorkflow() {
        return """
                apiVersion: argoproj.io/v1alpha1
                kind: CronWorkflow
                metadata:
                  name: credit-drift
                spec:
                  schedules: ["0 6 * * *"]
                  concurrencyPolicy: Forbid
                  workflowSpec:
                    entrypoint: monitor-then-retrain
                    serviceAccountName: pipewright
                    securityContext: {runAsNonRoot: true, runAsUser: 10001}
                    volumes:
                      - name: workspace
                        persistentVolumeClaim: {claimName: pipewright-workspace}
                    templates:
                      - name: monitor-then-retrain
                        dag:
                          tasks:
                            - {name: monitor, template: monitor}
                            - name: retrain
                              depends: monitor
                              when: "{{tasks.monitor.outputs.parameters.triggered}} == true"
                              templateRef: {name: credit-train, template: pipeline}
                      - name: monitor
                        outputs:
                          parameters:
                            - name: triggered
                              valueFrom: {path: /workspace/monitors/credit-drift.triggered}
                        container:
                          image: IMAGE
                          command: [pipewright]
                          args: [monitor, run, /workspace/monitors/credit-drift.yaml]
                          volumeMounts:
                            - {name: workspace, mountPath: /workspace}
                          resources:
                            requests: {cpu: 250m, memory: 512Mi}
                            limits: {cpu: 250m, memory: 512Mi}
                          securityContext:
                            allowPrivilegeEscalation: false
                            readOnlyRootFilesystem: true
                            capabilities: {drop: [ALL]}
                """.replace("IMAGE", IMAGE);
    }

    static String configMap() {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: credit-pipeline
                data:
                  credit.yaml: |
                    name: credit
                """;
    }

    /** The export by file name, in the order it is written. */
    static Map<String, String> files() {
        var files = new LinkedHashMap<String, String>();
        files.put("workflow-template.yaml", workflowTemplate());
        files.put("workflow.yaml", workflow());
        files.put("cron-workflow-credit-drift.yaml", cronWorkflow());
        files.put("pipeline-configmap.yaml", configMap());
        return files;
    }

    /** The export with one file's text changed. */
    static Map<String, String> with(String file, String from, String to) {
        var files = files();
        String text = files.get(file);
        if (!text.contains(from)) {
            throw new IllegalArgumentException(file + " has no '" + from + "'");
        }
        files.put(file, text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        return files;
    }
}
