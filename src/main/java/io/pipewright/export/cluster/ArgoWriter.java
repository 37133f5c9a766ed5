package io.pipewright.export.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ClusterPlan} as Argo Workflows ({@code argoproj.io/v1alpha1}) manifests: the ConfigMaps
 * delivering the pipeline file (and the monitor files) to the pods, a {@code WorkflowTemplate} whose
 * DAG has one task per node (a tune node's trials fanned out with {@code withSequence}, then its
 * select task), a {@code Workflow} submitting it, a {@code CronWorkflow} per monitor, and the service
 * account they run as. Every task's container runs {@code pipewright} with the command line a person
 * can run. The same plan gives the same bytes.
 */
public final class ArgoWriter {
    public static final String API_VERSION = "argoproj.io/v1alpha1";
    /** The numeric user of the image (as the serving chart runs it). */
    static final int UID = 10001;
    /** The name of every export's service account (its Role lets the workflow's pods report results, and monitors submit runs). */
    static final String SERVICE_ACCOUNT = "pipewright-workflow";
    /** Where Pipewright's home (the models' artifacts) is on the workspace volume, shared by every run and monitor. */
    static final String HOME = ClusterPlan.WORKSPACE_MOUNT + "/.pipewright";
    static final String RUN = "{{workflow.name}}";
    static final String TRIAL_PARAMETER = "trial";
    /** Retried on anything but exit 2 (bad input: the same input fails the same way again). */
    static final String RETRY_EXPRESSION = "lastRetry.status == 'Error' or asInt(lastRetry.exitCode) != 2";

    private ArgoWriter() {
    }

    /** The files of the export, in the order they are applied. */
    public static List<ManifestFile> files(ClusterPlan plan) {
        var files = new ArrayList<ManifestFile>();
        files.add(new ManifestFile("rbac.yaml", header(plan, "The service account the workflow's pods run as: its Role lets Argo's executor report "
                + "each task's result" + (plan.monitors().isEmpty() ? "" : ", and lets a monitor submit a run of the workflow") + ".",
                "kubectl apply -n " + plan.namespace() + " -f rbac.yaml"), rbac(plan)));
        var configMaps = new ArrayList<Map<String, Object>>();
        configMaps.add(configMap(plan, pipelineConfigMap(plan), map(fileName(plan.pipelinePath()), plan.pipelineText())));
        plan.monitors().forEach(monitor -> configMaps.add(configMap(plan, monitorConfigMap(plan, monitor), map(monitor.fileName(), monitor.text()))));
        files.add(new ManifestFile("configmaps.yaml", header(plan, "The pipeline file as the pods read it (mounted at " + ClusterPlan.PIPELINE_MOUNT
                + "): each read node's path is rewritten to the data volume, mounted at " + plan.options().data().mountPath() + "."
                + (plan.monitors().isEmpty() ? "" : " Then each monitor file (mounted at " + ClusterPlan.MONITOR_MOUNT + ")."),
                "kubectl apply -n " + plan.namespace() + " -f configmaps.yaml"), configMaps));
        files.add(new ManifestFile("workflow-template.yaml", header(plan, templateComment(plan),
                "argo template create -n " + plan.namespace() + " workflow-template.yaml   (or: kubectl apply -n " + plan.namespace()
                        + " -f workflow-template.yaml)"), List.of(workflowTemplate(plan))));
        files.add(new ManifestFile("workflow.yaml", header(plan, "One run of the pipeline: a Workflow from the WorkflowTemplate " + plan.name() + ".",
                "argo submit -n " + plan.namespace() + " --from workflowtemplate/" + plan.name() + "   (or: argo submit -n " + plan.namespace()
                        + " workflow.yaml)"), List.of(workflow(plan))));
        for (ClusterPlan.Monitor monitor : plan.monitors()) {
            files.add(new ManifestFile("cron-" + monitor.name() + ".yaml", header(plan, "Monitor " + monitor.monitor() + ": runs `pipewright "
                    + String.join(" ", monitor.args()) + "` on the schedule " + monitor.schedule() + "; when the check triggers, it submits a run of "
                    + "the WorkflowTemplate " + plan.name() + ".", "argo cron create -n " + plan.namespace() + " cron-" + monitor.name() + ".yaml"),
                    List.of(MonitorWorkflows.cronWorkflow(plan, monitor))));
        }
        return files;
    }

    private static String templateComment(ClusterPlan plan) {
        var comment = new StringBuilder("Pipeline " + plan.pipeline() + " as an Argo DAG: one task per node, each running `pipewright run "
                + plan.pipelinePath() + " --node ID ...` in the image " + plan.image() + ", " + plan.parallelism() + " at a time.\n"
                + "Expects the Secret " + plan.options().store().secret() + " (key " + plan.options().store().key() + ": the PostgreSQL store's URL), "
                + "and the PersistentVolumeClaims " + plan.options().workspace().claim() + " (the workspace) and " + plan.options().data().claim()
                + " (the data, mounted at " + plan.options().data().mountPath() + ").");
        if (!plan.taskNames().isEmpty()) {
            comment.append("\nTask names (node id -> task):");
            plan.taskNames().forEach((id, task) -> comment.append("\n  ").append(id).append(" -> ").append(task));
        }
        return comment.toString();
    }

    private static String header(ClusterPlan plan, String what, String apply) {
        return "Written by pipewright export-pipeline " + plan.pipelinePath().substring(plan.pipelinePath().lastIndexOf('/') + 1)
                + " --target argo\n" + what + "\nApply: " + apply;
    }

    static String pipelineConfigMap(ClusterPlan plan) {
        return plan.name() + "-pipeline";
    }

    static String monitorConfigMap(ClusterPlan plan, ClusterPlan.Monitor monitor) {
        return "monitor-" + monitor.name();
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static Map<String, Object> configMap(ClusterPlan plan, String name, Map<String, Object> data) {
        return map("apiVersion", "v1", "kind", "ConfigMap", "metadata", metadata(plan, name), "data", data);
    }

    static Map<String, Object> metadata(ClusterPlan plan, String name) {
        return map("name", name, "namespace", plan.namespace(), "labels", labels(plan));
    }

    static Map<String, Object> labels(ClusterPlan plan) {
        return map("app.kubernetes.io/name", "pipewright", "app.kubernetes.io/managed-by", "pipewright-export-pipeline",
                "pipewright.io/pipeline", plan.name());
    }

    private static List<Map<String, Object>> rbac(ClusterPlan plan) {
        var rules = new ArrayList<Object>();
        rules.add(map("apiGroups", List.of("argoproj.io"), "resources", List.of("workflowtaskresults"), "verbs", List.of("create", "patch")));
        if (!plan.monitors().isEmpty()) {
            rules.add(map("apiGroups", List.of("argoproj.io"), "resources", List.of("workflows"), "verbs", List.of("create", "get")));
            rules.add(map("apiGroups", List.of("argoproj.io"), "resources", List.of("workflowtemplates"), "verbs", List.of("get")));
        }
        return List.of(
                map("apiVersion", "v1", "kind", "ServiceAccount", "metadata", metadata(plan, SERVICE_ACCOUNT), "automountServiceAccountToken", true),
                map("apiVersion", "rbac.authorization.k8s.io/v1", "kind", "Role", "metadata", metadata(plan, SERVICE_ACCOUNT), "rules", rules),
                map("apiVersion", "rbac.authorization.k8s.io/v1", "kind", "RoleBinding", "metadata", metadata(plan, SERVICE_ACCOUNT),
                        "roleRef", map("apiGroup", "rbac.authorization.k8s.io", "kind", "Role", "name", SERVICE_ACCOUNT),
                        "subjects", List.of(map("kind", "ServiceAccount", "name", SERVICE_ACCOUNT, "namespace", plan.namespace()))));
    }

    /** The WorkflowTemplate: the DAG, one template per task. */
    static Map<String, Object> workflowTemplate(ClusterPlan plan) {
        var dagTasks = new ArrayList<Object>();
        var templates = new ArrayList<Object>();
        for (ClusterPlan.Task task : plan.tasks()) {
            var dagTask = map("name", task.name(), "template", task.name());
            if (!task.dependencies().isEmpty()) {
                dagTask.put("dependencies", task.dependencies());
            }
            if (task.kind() == ClusterPlan.Kind.TRIALS) {
                dagTask.put("withSequence", map("start", Integer.toString(task.trials().start()), "count", Integer.toString(task.trials().count())));
                dagTask.put("arguments", map("parameters", List.of(map("name", TRIAL_PARAMETER, "value", "{{item}}"))));
            }
            dagTasks.add(dagTask);
            templates.add(taskTemplate(plan, task));
        }
        var spec = new LinkedHashMap<String, Object>();
        spec.put("entrypoint", "pipeline");
        spec.put("parallelism", plan.parallelism());
        spec.put("serviceAccountName", SERVICE_ACCOUNT);
        spec.put("securityContext", podSecurityContext());
        spec.put("volumes", List.of(
                map("name", "workspace", "persistentVolumeClaim", map("claimName", plan.options().workspace().claim())),
                map("name", "data", "persistentVolumeClaim", map("claimName", plan.options().data().claim(), "readOnly", true)),
                map("name", "pipeline", "configMap", map("name", pipelineConfigMap(plan))),
                map("name", "tmp", "emptyDir", map())));
        var all = new ArrayList<Object>();
        all.add(map("name", "pipeline", "dag", map("tasks", dagTasks)));
        all.addAll(templates);
        spec.put("templates", all);
        return map("apiVersion", API_VERSION, "kind", "WorkflowTemplate", "metadata", metadata(plan, plan.name()), "spec", spec);
    }

    private static Map<String, Object> taskTemplate(ClusterPlan plan, ClusterPlan.Task task) {
        var template = map("name", task.name());
        if (task.kind() == ClusterPlan.Kind.TRIALS) {
            template.put("inputs", map("parameters", List.of(map("name", TRIAL_PARAMETER))));
        }
        template.put("retryStrategy", retryStrategy(plan.options().retries()));
        var mounts = new ArrayList<Object>();
        mounts.add(map("name", "workspace", "mountPath", ClusterPlan.WORKSPACE_MOUNT));
        mounts.add(map("name", "data", "mountPath", plan.options().data().mountPath(), "readOnly", true));
        mounts.add(map("name", "pipeline", "mountPath", ClusterPlan.PIPELINE_MOUNT, "readOnly", true));
        mounts.add(map("name", "tmp", "mountPath", "/tmp"));
        template.put("container", container(plan, task.args(RUN, "{{inputs.parameters." + TRIAL_PARAMETER + "}}"), task.resources(), task.gpu(), mounts));
        if (task.gpu()) {
            ClusterOptions.Gpu gpu = plan.options().gpu();
            template.put("nodeSelector", new LinkedHashMap<>(gpu.nodeSelector()));
            var tolerations = new ArrayList<Object>();
            gpu.tolerations().forEach(toleration -> {
                var entry = map("key", toleration.key(), "operator", toleration.operator());
                if (toleration.value() != null) {
                    entry.put("value", toleration.value());
                }
                if (toleration.effect() != null) {
                    entry.put("effect", toleration.effect());
                }
                tolerations.add(entry);
            });
            template.put("tolerations", tolerations);
        }
        return template;
    }

    static Map<String, Object> retryStrategy(ClusterOptions.Retries retries) {
        return map("limit", Integer.toString(retries.limit()), "retryPolicy", "Always", "expression", RETRY_EXPRESSION,
                "backoff", map("duration", retries.backoff(), "factor", Integer.toString(retries.factor()), "maxDuration", retries.maxBackoff()));
    }

    static Map<String, Object> podSecurityContext() {
        return map("runAsNonRoot", true, "runAsUser", UID, "runAsGroup", UID, "fsGroup", UID, "seccompProfile", map("type", "RuntimeDefault"));
    }

    /** A container running {@code pipewright ARGS} in the project's image, with the serving chart's security context. */
    static Map<String, Object> container(ClusterPlan plan, List<String> args, ClusterPlan.Resources resources, boolean gpu, List<Object> mounts) {
        var requests = map("cpu", resources.cpuRequest(), "memory", resources.memoryRequest());
        var limits = map("cpu", resources.cpuLimit(), "memory", resources.memoryLimit());
        if (gpu) {
            requests.put(plan.options().gpu().resourceName(), Integer.toString(plan.options().gpu().count()));
            limits.put(plan.options().gpu().resourceName(), Integer.toString(plan.options().gpu().count()));
        }
        return map("image", plan.image(), "imagePullPolicy", "IfNotPresent", "command", List.of("pipewright"), "args", args,
                "env", List.of(
                        map("name", "PIPEWRIGHT_STORE", "valueFrom", map("secretKeyRef", map("name", plan.options().store().secret(),
                                "key", plan.options().store().key()))),
                        map("name", "PIPEWRIGHT_HOME", "value", HOME),
                        map("name", "JAVA_TOOL_OPTIONS", "value", "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError")),
                "resources", map("requests", requests, "limits", limits),
                "securityContext", map("allowPrivilegeEscalation", false, "readOnlyRootFilesystem", true, "runAsNonRoot", true,
                        "capabilities", map("drop", List.of("ALL"))),
                "volumeMounts", mounts);
    }

    /** The Workflow that runs the template once. */
    static Map<String, Object> workflow(ClusterPlan plan) {
        return map("apiVersion", API_VERSION, "kind", "Workflow",
                "metadata", map("generateName", plan.name() + "-", "namespace", plan.namespace(), "labels", labels(plan)),
                "spec", map("workflowTemplateRef", map("name", plan.name())));
    }

    /** An ordered map of key, value pairs. */
    static LinkedHashMap<String, Object> map(Object... pairs) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
