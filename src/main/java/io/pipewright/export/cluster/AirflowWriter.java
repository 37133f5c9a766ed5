package io.pipewright.export.cluster;

import static io.pipewright.export.cluster.ArgoWriter.map;
import static io.pipewright.export.cluster.PythonLiteral.string;

import io.pipewright.home.BuildInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ClusterPlan} as an Airflow 2.x DAG file ({@code <name>_dag.py}) with the graph of the Argo
 * export: one {@code KubernetesPodOperator} per node and select task running {@code pipewright} with
 * the task's command line, a tune node's trial fan-outs as mapped tasks, the plan's dependencies; and
 * one small DAG per monitor that runs {@code pipewright monitor run} on its schedule and triggers the
 * pipeline's DAG when the check says so. Beside it the ConfigMaps delivering the pipeline (and monitor)
 * files, as the Argo export has them. The same plan gives the same bytes.
 *
 * <p>The run's name: the DAG run's id made a plain name by the DAG's own Jinja filter
 * {@code pipewright_run} (every run of characters other than letters, digits, '.', '_' and '-' becomes
 * one '-', leading ones dropped), so {@code manual__2024-05-01T06:00:00+00:00} runs as
 * {@code manual__2024-05-01T06-00-00-00-00}: readable, what {@code --run-id} accepts, and a folder name.
 */
public final class AirflowWriter {
    /** What the task arguments hold in place of {@link ClusterPlan#RUN}. */
    static final String RUN = "{{ run_id | pipewright_run }}";
    /** Where KubernetesPodOperator's XCom sidecar reads a task's result ({@code do_xcom_push}). */
    static final String XCOM_RETURN = "/airflow/xcom/return.json";
    /** The DAGs' fixed start date (runs are triggered, or scheduled from now on: catchup is off). */
    static final String START_DATE = "datetime(2024, 1, 1)";

    private AirflowWriter() {
    }

    /** The files of the export: the DAG module, then the ConfigMaps it expects. */
    public static List<ExportedFile> files(ClusterPlan plan) {
        return List.of(new ExportedFile(dagFileName(plan), dag(plan)), new ExportedFile("configmaps.yaml", configMaps(plan).text()));
    }

    /**
     * The DAG file's name: the plan's name (a Kubernetes name) as a Python module name, every character
     * other than a letter, digit or '_' made '_', then {@code _dag.py}; {@code pipeline_} in front when it
     * would start with a digit. {@code credit-risk} → {@code credit_risk_dag.py}.
     */
    public static String dagFileName(ClusterPlan plan) {
        String module = plan.name().replaceAll("[^A-Za-z0-9_]", "_") + "_dag";
        return (Character.isDigit(module.charAt(0)) ? "pipeline_" + module : module) + ".py";
    }

    /** The pipeline DAG's id: the plan's name, as the Argo export names its WorkflowTemplate. */
    public static String dagId(ClusterPlan plan) {
        return plan.name();
    }

    /** A monitor DAG's id, as the Argo export names its CronWorkflow. */
    public static String monitorDagId(ClusterPlan.Monitor monitor) {
        return "monitor-" + monitor.name();
    }

    /** The ConfigMaps the DAGs mount: the pipeline file (and each monitor file) as the pods read them, the Argo export's. */
    static ManifestFile configMaps(ClusterPlan plan) {
        var documents = new ArrayList<Map<String, Object>>();
        documents.add(configMap(plan, ArgoWriter.pipelineConfigMap(plan), plan.pipelinePath().substring(plan.pipelinePath().lastIndexOf('/') + 1),
                plan.pipelineText()));
        plan.monitors().forEach(monitor -> documents.add(configMap(plan, ArgoWriter.monitorConfigMap(plan, monitor), monitor.fileName(), monitor.text())));
        return new ManifestFile("configmaps.yaml", "Written by pipewright export-pipeline " + pipelineFileName(plan) + " --target airflow\n"
                + "The pipeline file as the DAG's pods read it (mounted at " + ClusterPlan.PIPELINE_MOUNT + "): each read node's path is rewritten to "
                + "the data volume, mounted at " + plan.options().data().mountPath() + "."
                + (plan.monitors().isEmpty() ? "" : " Then each monitor file (mounted at " + ClusterPlan.MONITOR_MOUNT + ").")
                + "\nApply: kubectl apply -n " + plan.namespace() + " -f configmaps.yaml", documents);
    }

    private static Map<String, Object> configMap(ClusterPlan plan, String name, String fileName, String text) {
        return map("apiVersion", "v1", "kind", "ConfigMap", "metadata", ArgoWriter.metadata(plan, name), "data", map(fileName, text));
    }

    private static String pipelineFileName(ClusterPlan plan) {
        return plan.pipelinePath().substring(plan.pipelinePath().lastIndexOf('/') + 1);
    }

    /** The DAG module's text. */
    static String dag(ClusterPlan plan) {
        var py = new StringBuilder();
        py.append("\"\"\"").append(PythonLiteral.docstringBody(docstring(plan))).append("\"\"\"\n\n");
        py.append(AirflowPython.prelude(!plan.monitors().isEmpty()));
        py.append("\n\n");
        constants(py, plan);
        py.append('\n');
        pipelineDag(py, plan);
        for (int i = 0; i < plan.monitors().size(); i++) {
            py.append('\n');
            monitorDag(py, plan, plan.monitors().get(i), i);
        }
        return py.toString();
    }

    private static String docstring(ClusterPlan plan) {
        ClusterOptions options = plan.options();
        var text = new StringBuilder();
        text.append("Pipewright pipeline ").append(plan.pipeline()).append(" as an Airflow DAG (dag_id ").append(dagId(plan)).append(").\n\n");
        text.append("Written by pipewright export-pipeline ").append(pipelineFileName(plan)).append(" --target airflow (Pipewright ")
                .append(BuildInfo.load().version()).append(").\n");
        text.append("Each task is a KubernetesPodOperator running `pipewright run ").append(plan.pipelinePath())
                .append(" --node ID ...` in the image ").append(plan.image()).append(", at most ").append(plan.parallelism())
                .append(" at a time (max_active_tasks, over all the DAG's active runs); a tune node's trials run as a mapped task (one pod per trial), then its select task.\n");
        text.append("Each DAG run is one Pipewright run: its run id and workspace folder (").append(ClusterPlan.WORKSPACE_MOUNT)
                .append("/RUN) are the DAG run's id as a plain name (letters, digits, '.', '_', '-').\n");
        text.append("A failed task is retried ").append(options.retries().limit()).append(" times, waiting ").append(options.retries().backoff())
                .append(options.retries().factor() > 1 ? ", doubled each time" : "").append(", at most ").append(options.retries().maxBackoff())
                .append(options.retries().factor() > 2 ? " (Airflow doubles the wait: the options' factor " + options.retries().factor()
                        + " has no Airflow setting)" : "")
                .append("; never when pipewright exits 2 (bad input: the same input fails the same way again).\n");
        for (ClusterPlan.Monitor monitor : plan.monitors()) {
            text.append("The DAG ").append(monitorDagId(monitor)).append(" runs `pipewright ").append(String.join(" ", monitorArgs(monitor)))
                    .append("` on the schedule ").append(monitor.schedule()).append(" (monitor ").append(monitor.monitor())
                    .append(") and triggers ").append(dagId(plan)).append(" when the check triggers.\n");
        }
        text.append("\nInstall (namespace ").append(plan.namespace()).append("; Airflow 2.4 or later with apache-airflow-providers-cncf-kubernetes"
                + " 4.3 or later):\n");
        text.append("  1. kubectl apply -n ").append(plan.namespace()).append(" -f configmaps.yaml   (the ConfigMap ")
                .append(ArgoWriter.pipelineConfigMap(plan)).append(": the pipeline file as the pods read it");
        plan.monitors().forEach(monitor -> text.append("; ").append(ArgoWriter.monitorConfigMap(plan, monitor)).append(": the monitor file"));
        text.append(")\n");
        text.append("  2. the Secret ").append(options.store().secret()).append(" (key ").append(options.store().key())
                .append(": the PostgreSQL store's URL), and the PersistentVolumeClaims ").append(options.workspace().claim())
                .append(" (the workspace) and ").append(options.data().claim()).append(" (the data, mounted at ").append(options.data().mountPath())
                .append(") must exist in the namespace\n");
        text.append("  3. copy this file into Airflow's dags folder; Airflow's Kubernetes connection must reach the namespace\n");
        text.append("Run: airflow dags trigger ").append(dagId(plan)).append('\n');
        if (!plan.taskNames().isEmpty()) {
            text.append("\nTask ids (node id -> task):\n");
            plan.taskNames().forEach((id, task) -> text.append("  ").append(id).append(" -> ").append(task).append('\n'));
        }
        return text.toString();
    }

    private static void constants(StringBuilder py, ClusterPlan plan) {
        ClusterOptions options = plan.options();
        py.append("NAMESPACE = ").append(string(plan.namespace())).append('\n');
        py.append("IMAGE = ").append(string(plan.image())).append('\n');
        py.append('\n');
        py.append("# What every pod shares: the image running pipewright, the store's URL from its Secret, the serving chart's security context\n");
        py.append("POD = dict(\n");
        py.append("    namespace=NAMESPACE,\n");
        py.append("    image=IMAGE,\n");
        py.append("    image_pull_policy=\"IfNotPresent\",\n");
        py.append("    cmds=[\"pipewright\"],\n");
        py.append("    env_vars=[\n");
        py.append("        k8s.V1EnvVar(name=\"PIPEWRIGHT_HOME\", value=").append(string(ArgoWriter.HOME)).append("),\n");
        py.append("        k8s.V1EnvVar(name=\"JAVA_TOOL_OPTIONS\", value=\"-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError\"),\n");
        py.append("    ],\n");
        py.append("    secrets=[Secret(\"env\", \"PIPEWRIGHT_STORE\", ").append(string(options.store().secret())).append(", ")
                .append(string(options.store().key())).append(")],\n");
        py.append("    security_context=k8s.V1PodSecurityContext(run_as_non_root=True, run_as_user=").append(ArgoWriter.UID).append(", run_as_group=")
                .append(ArgoWriter.UID).append(", fs_group=").append(ArgoWriter.UID)
                .append(", seccomp_profile=k8s.V1SeccompProfile(type=\"RuntimeDefault\")),\n");
        py.append("    container_security_context=k8s.V1SecurityContext(allow_privilege_escalation=False, read_only_root_filesystem=True, "
                + "run_as_non_root=True, capabilities=k8s.V1Capabilities(drop=[\"ALL\"])),\n");
        py.append("    labels=").append(PythonLiteral.of(ArgoWriter.labels(plan))).append(",\n");
        py.append("    get_logs=True,\n");
        ClusterOptions.Retries retries = options.retries();
        py.append("    retries=").append(retries.limit()).append(",\n");
        py.append("    retry_delay=").append(timedelta(retries.backoff())).append(",\n");
        py.append("    retry_exponential_backoff=").append(retries.factor() > 1 ? "True" : "False").append(",\n");
        py.append("    max_retry_delay=").append(timedelta(retries.maxBackoff())).append(",\n");
        py.append(")\n");
        py.append("# The workspace (each run's folder), the data (read-only), a writable /tmp under the read-only root filesystem\n");
        py.append("VOLUMES = [\n");
        py.append("    k8s.V1Volume(name=\"workspace\", persistent_volume_claim=k8s.V1PersistentVolumeClaimVolumeSource(claim_name=")
                .append(string(options.workspace().claim())).append(")),\n");
        py.append("    k8s.V1Volume(name=\"data\", persistent_volume_claim=k8s.V1PersistentVolumeClaimVolumeSource(claim_name=")
                .append(string(options.data().claim())).append(", read_only=True)),\n");
        py.append("    k8s.V1Volume(name=\"tmp\", empty_dir=k8s.V1EmptyDirVolumeSource()),\n");
        py.append("]\n");
        py.append("VOLUME_MOUNTS = [\n");
        py.append("    k8s.V1VolumeMount(name=\"workspace\", mount_path=").append(string(ClusterPlan.WORKSPACE_MOUNT)).append("),\n");
        py.append("    k8s.V1VolumeMount(name=\"data\", mount_path=").append(string(options.data().mountPath())).append(", read_only=True),\n");
        py.append("    k8s.V1VolumeMount(name=\"tmp\", mount_path=\"/tmp\"),\n");
        py.append("]\n");
        if (plan.tasks().stream().anyMatch(ClusterPlan.Task::gpu)) {
            ClusterOptions.Gpu gpu = options.gpu();
            py.append("# Where a GPU task (device: cuda) may be scheduled\n");
            py.append("GPU = dict(\n");
            py.append("    node_selector=").append(PythonLiteral.of(new LinkedHashMap<>(gpu.nodeSelector()))).append(",\n");
            py.append("    tolerations=[");
            for (int i = 0; i < gpu.tolerations().size(); i++) {
                ClusterOptions.Toleration toleration = gpu.tolerations().get(i);
                py.append(i == 0 ? "" : ", ").append("k8s.V1Toleration(key=").append(PythonLiteral.of(toleration.key()))
                        .append(", operator=").append(PythonLiteral.of(toleration.operator())).append(", value=").append(PythonLiteral.of(toleration.value()))
                        .append(", effect=").append(PythonLiteral.of(toleration.effect())).append(')');
            }
            py.append("],\n");
            py.append(")\n");
        }
    }

    private static void pipelineDag(StringBuilder py, ClusterPlan plan) {
        py.append("with DAG(\n");
        py.append("    dag_id=").append(string(dagId(plan))).append(",\n");
        py.append("    description=").append(string("Pipewright pipeline " + plan.pipeline())).append(",\n");
        py.append("    doc_md=__doc__,\n");
        py.append("    schedule=None,\n");
        py.append("    start_date=").append(START_DATE).append(",\n");
        py.append("    catchup=False,\n");
        py.append("    max_active_tasks=").append(plan.parallelism()).append(",\n");
        py.append("    tags=").append(PythonLiteral.of(List.of("pipewright", plan.name()))).append(",\n");
        py.append("    user_defined_filters={\"pipewright_run\": pipewright_run_name},\n");
        py.append(") as pipeline_dag:\n");
        py.append("    pipeline_pod = dict(POD, volumes=VOLUMES + [k8s.V1Volume(name=\"pipeline\", config_map=k8s.V1ConfigMapVolumeSource(name=")
                .append(string(ArgoWriter.pipelineConfigMap(plan))).append("))],\n");
        py.append("                        volume_mounts=VOLUME_MOUNTS + [k8s.V1VolumeMount(name=\"pipeline\", mount_path=")
                .append(string(ClusterPlan.PIPELINE_MOUNT)).append(", read_only=True)])\n");
        py.append("    tasks = {}\n");
        for (ClusterPlan.Task task : plan.tasks()) {
            py.append('\n');
            task(py, plan, task);
        }
        boolean first = true;
        for (ClusterPlan.Task task : plan.tasks()) {
            if (task.dependencies().isEmpty()) {
                continue;
            }
            if (first) {
                py.append("\n    # the order of the plan: each task after those whose outputs it reads\n");
                first = false;
            }
            py.append("    ");
            if (task.dependencies().size() == 1) {
                py.append(taskRef(task.dependencies().get(0)));
            } else {
                py.append('[');
                for (int i = 0; i < task.dependencies().size(); i++) {
                    py.append(i == 0 ? "" : ", ").append(taskRef(task.dependencies().get(i)));
                }
                py.append(']');
            }
            py.append(" >> ").append(taskRef(task.name())).append('\n');
        }
    }

    private static String taskRef(String name) {
        return "tasks[" + string(name) + "]";
    }

    private static void task(StringBuilder py, ClusterPlan plan, ClusterPlan.Task task) {
        py.append("    # ").append(PythonLiteral.commentText(switch (task.kind()) {
            case NODE -> "node " + task.nodeId();
            case TRIALS -> "trials " + task.trials().start() + " to " + (task.trials().start() + task.trials().count() - 1) + " of the tune node "
                    + task.nodeId() + ", one pod each";
            case SELECT -> "the tune node " + task.nodeId() + ": the best trial, refitted";
        } + "; " + task.sizing())).append('\n');
        boolean mapped = task.kind() == ClusterPlan.Kind.TRIALS;
        py.append("    ").append(taskRef(task.name())).append(" = PipewrightPodOperator").append(mapped ? ".partial(\n" : "(\n");
        py.append("        task_id=").append(string(task.name())).append(",\n");
        // the pod's name (KubernetesPodOperator adds a random suffix); providers before 5.0 require one
        py.append("        name=").append(string(task.name())).append(",\n");
        if (!mapped) {
            py.append("        arguments=").append(arguments(task, null)).append(",\n");
        }
        py.append("        container_resources=").append(resources(plan, task.resources(), task.gpu())).append(",\n");
        py.append("        **pipeline_pod,\n");
        if (task.gpu()) {
            py.append("        **GPU,\n");
        }
        if (mapped) {
            py.append("    ).expand(arguments=[\n");
            for (int k = task.trials().start(); k < task.trials().start() + task.trials().count(); k++) {
                py.append("        ").append(arguments(task, k)).append(",\n");
            }
            py.append("    ])\n");
        } else {
            py.append("    )\n");
        }
    }

    /** The task's command line as a Python list: the run's name from the DAG run's id, a trial's number as itself. */
    static String arguments(ClusterPlan.Task task, Integer trial) {
        var args = new ArrayList<Object>();
        for (String arg : task.args()) {
            args.add(templated(trial == null ? arg : arg.replace(ClusterPlan.TRIAL, Integer.toString(trial))));
        }
        return PythonLiteral.of(args);
    }

    /** An argument as the template Airflow renders: {@link ClusterPlan#RUN} as {@link #RUN}, every other character as itself. */
    static String templated(String arg) {
        String[] parts = arg.split(java.util.regex.Pattern.quote(ClusterPlan.RUN), -1);
        var text = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            text.append(i == 0 ? "" : RUN).append(jinjaText(parts[i]));
        }
        return text.toString();
    }

    /** Text that Jinja renders as itself: where it holds Jinja's markup, each '{' is printed by an expression. */
    static String jinjaText(String text) {
        if (!(text.contains("{{") || text.contains("{%") || text.contains("{#"))) {
            return text;
        }
        return text.replace("{", "{{ '{' }}");
    }

    private static String resources(ClusterPlan plan, ClusterPlan.Resources resources, boolean gpu) {
        var requests = map("cpu", resources.cpuRequest(), "memory", resources.memoryRequest());
        var limits = map("cpu", resources.cpuLimit(), "memory", resources.memoryLimit());
        if (gpu) {
            requests.put(plan.options().gpu().resourceName(), Integer.toString(plan.options().gpu().count()));
            limits.put(plan.options().gpu().resourceName(), Integer.toString(plan.options().gpu().count()));
        }
        return "k8s.V1ResourceRequirements(requests=" + PythonLiteral.of(requests) + ", limits=" + PythonLiteral.of(limits) + ")";
    }

    /** A monitor's command line with its check written where the XCom sidecar reads it. */
    static List<String> monitorArgs(ClusterPlan.Monitor monitor) {
        return monitor.args().stream().map(arg -> arg.equals(ClusterPlan.MONITOR_CHECK) ? XCOM_RETURN : arg).toList();
    }

    private static void monitorDag(StringBuilder py, ClusterPlan plan, ClusterPlan.Monitor monitor, int index) {
        py.append("with DAG(\n");
        py.append("    dag_id=").append(string(monitorDagId(monitor))).append(",\n");
        py.append("    description=").append(string("Pipewright monitor " + monitor.monitor() + ": retrains " + plan.pipeline() + " when it triggers"))
                .append(",\n");
        py.append("    schedule=").append(string(monitor.schedule())).append(",\n");
        py.append("    start_date=").append(START_DATE).append(",\n");
        py.append("    catchup=False,\n");
        py.append("    max_active_runs=1,\n");
        py.append("    tags=").append(PythonLiteral.of(List.of("pipewright", plan.name(), "monitor"))).append(",\n");
        py.append(") as monitor_dag_").append(index).append(":\n");
        py.append("    check = PipewrightPodOperator(\n");
        py.append("        task_id=\"check\",\n");
        py.append("        name=").append(string(monitorDagId(monitor) + "-check")).append(",\n");
        var args = new ArrayList<Object>();
        monitorArgs(monitor).forEach(arg -> args.add(jinjaText(arg)));
        py.append("        arguments=").append(PythonLiteral.of(args)).append(",\n");
        py.append("        do_xcom_push=True,\n");
        py.append("        container_resources=").append(resources(plan, monitor.resources(), false)).append(",\n");
        py.append("        volumes=VOLUMES + [k8s.V1Volume(name=\"monitor\", config_map=k8s.V1ConfigMapVolumeSource(name=")
                .append(string(ArgoWriter.monitorConfigMap(plan, monitor))).append("))],\n");
        py.append("        volume_mounts=VOLUME_MOUNTS + [k8s.V1VolumeMount(name=\"monitor\", mount_path=").append(string(ClusterPlan.MONITOR_MOUNT))
                .append(", read_only=True)],\n");
        py.append("        **POD,\n");
        py.append("    )\n");
        py.append("    triggered = ShortCircuitOperator(task_id=\"triggered\", python_callable=check_triggered, op_args=[check.output])\n");
        py.append("    retrain = TriggerDagRunOperator(task_id=\"retrain\", trigger_dag_id=").append(string(dagId(plan))).append(")\n");
        py.append("    check >> triggered >> retrain\n");
    }

    /** A duration of the options ({@code 30s}, {@code 2m}, {@code 1h}) as a Python {@code timedelta}. */
    static String timedelta(String duration) {
        long amount = Long.parseLong(duration.substring(0, duration.length() - 1));
        return switch (duration.charAt(duration.length() - 1)) {
            case 's' -> "timedelta(seconds=" + amount + ")";
            case 'm' -> "timedelta(minutes=" + amount + ")";
            case 'h' -> "timedelta(hours=" + amount + ")";
            default -> throw new IllegalArgumentException("not a duration: " + duration);
        };
    }
}
