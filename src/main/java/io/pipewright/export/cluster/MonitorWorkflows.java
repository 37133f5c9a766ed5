package io.pipewright.export.cluster;

import static io.pipewright.export.cluster.ArgoWriter.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A monitor as an Argo {@code CronWorkflow}: on its schedule a step runs {@code pipewright monitor run
 * FILE --json /tmp/check.json}, and when the check's {@code triggered} is true a {@code resource} step
 * creates a Workflow from the pipeline's WorkflowTemplate (the retraining run).
 */
final class MonitorWorkflows {
    private MonitorWorkflows() {
    }

    static Map<String, Object> cronWorkflow(ClusterPlan plan, ClusterPlan.Monitor monitor) {
        var mounts = new ArrayList<Object>();
        mounts.add(map("name", "workspace", "mountPath", ClusterPlan.WORKSPACE_MOUNT));
        mounts.add(map("name", "data", "mountPath", plan.options().data().mountPath(), "readOnly", true));
        mounts.add(map("name", "monitor", "mountPath", ClusterPlan.MONITOR_MOUNT, "readOnly", true));
        mounts.add(map("name", "tmp", "mountPath", "/tmp"));
        var check = map("name", "check", "retryStrategy", ArgoWriter.retryStrategy(plan.options().retries()),
                "container", ArgoWriter.container(plan, monitor.args(), monitor.resources(), false, mounts),
                "outputs", map("parameters", List.of(map("name", "check", "valueFrom", map("path", ClusterPlan.MONITOR_CHECK)))));
        String manifest = "apiVersion: " + ArgoWriter.API_VERSION + "\n"
                + "kind: Workflow\n"
                + "metadata:\n"
                + "  generateName: " + plan.name() + "-\n"
                + "  namespace: " + plan.namespace() + "\n"
                + "  labels:\n"
                + "    pipewright.io/pipeline: " + plan.name() + "\n"
                + "    pipewright.io/monitor: " + monitor.name() + "\n"
                + "spec:\n"
                + "  workflowTemplateRef:\n"
                + "    name: " + plan.name() + "\n";
        var retrain = map("name", "retrain", "resource", map("action", "create", "setOwnerReference", false, "manifest", manifest),
                "outputs", map("parameters", List.of(map("name", "workflow", "valueFrom", map("jsonPath", "{.metadata.name}")))));
        var steps = map("name", "monitor", "steps", List.of(
                List.of(map("name", "check", "template", "check")),
                List.of(map("name", "retrain", "template", "retrain",
                        "when", "{{=jsonpath(steps.check.outputs.parameters.check, '$.triggered') == true}}"))));
        var workflowSpec = map("entrypoint", "monitor", "serviceAccountName", ArgoWriter.SERVICE_ACCOUNT,
                "securityContext", ArgoWriter.podSecurityContext(),
                "volumes", List.of(
                        map("name", "workspace", "persistentVolumeClaim", map("claimName", plan.options().workspace().claim())),
                        map("name", "data", "persistentVolumeClaim", map("claimName", plan.options().data().claim(), "readOnly", true)),
                        map("name", "monitor", "configMap", map("name", ArgoWriter.monitorConfigMap(plan, monitor))),
                        map("name", "tmp", "emptyDir", map())),
                "templates", List.of(steps, check, retrain));
        var metadata = ArgoWriter.metadata(plan, "monitor-" + monitor.name());
        return map("apiVersion", ArgoWriter.API_VERSION, "kind", "CronWorkflow", "metadata", metadata,
                "spec", map("schedules", List.of(monitor.schedule()), "concurrencyPolicy", "Forbid", "startingDeadlineSeconds", 600,
                        "successfulJobsHistoryLimit", 3, "failedJobsHistoryLimit", 3, "workflowSpec", workflowSpec));
    }
}
