package io.pipewright.export.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a pipeline becomes on a cluster, before any orchestrator's syntax: its tasks in dependency
 * order, each with the {@code pipewright} command line it runs, what it waits for, the trials it fans
 * out, and its requests and limits with the sentence saying what they were sized from. The Argo and
 * Airflow writers, and the Pipelines workspace's <i>Export for cluster…</i>, read the same plan.
 *
 * <p>The command lines hold two neutral placeholders that each writer turns into its own syntax:
 * {@link #RUN} for the workflow run's name (Argo {@code {{workflow.name}}}) and {@link #TRIAL} for a
 * trial's number within a fan-out (Argo {@code {{item}}}).
 *
 * @param name the pipeline's name made a valid Kubernetes name (the WorkflowTemplate's)
 * @param pipeline the pipeline's own name (its experiment in the store)
 * @param namespace the namespace the workflow runs in
 * @param image the image every task runs ({@code repository:tag})
 * @param parallelism tasks running at once
 * @param seed the run's seed
 * @param pipelinePath where the delivered pipeline file is in the pod
 * @param pipelineText the delivered pipeline file: the pipeline with each read node's path rewritten to the data mount
 * @param dataPaths per read node, its file here and the path it is read from in the pod
 * @param taskNames node id → task name, for the nodes whose id is not a valid Kubernetes name as it is
 * @param tasks the tasks, each after those it depends on
 * @param monitors the monitors that retrain this pipeline on a schedule
 * @param options the options the plan was made with
 */
public record ClusterPlan(String name, String pipeline, String namespace, String image, int parallelism, long seed, String pipelinePath,
                          String pipelineText, Map<String, DataPath> dataPaths, Map<String, String> taskNames, List<Task> tasks,
                          List<Monitor> monitors, ClusterOptions options) {

    /** The placeholder for the workflow run's name (the run id and the workspace's folder). */
    public static final String RUN = "<run>";
    /** The placeholder for a trial's number within its fan-out. */
    public static final String TRIAL = "<trial>";
    /** Where the workspace volume is mounted in every pod. */
    public static final String WORKSPACE_MOUNT = "/workspace";
    /** Where the delivered pipeline file's folder is mounted in every pod. */
    public static final String PIPELINE_MOUNT = "/pipeline";

    public ClusterPlan {
        dataPaths = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dataPaths));
        taskNames = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(taskNames));
        tasks = List.copyOf(tasks);
        monitors = List.copyOf(monitors);
    }

    /** Where a delivered monitor file's folder is mounted in a monitor's pod. */
    public static final String MONITOR_MOUNT = "/monitor";

    /**
     * A monitor evaluated on a schedule ({@code pipewright monitor run}); when it triggers, a run of this
     * pipeline's workflow is submitted.
     *
     * @param name its name on the cluster (a valid Kubernetes name)
     * @param monitor the monitor's own name
     * @param fileName the delivered monitor file's name (in {@link #MONITOR_MOUNT})
     * @param text the delivered monitor file: its paths rewritten to the data mount, without {@code retrain} (the cluster submits the workflow instead)
     * @param schedule cron, five fields
     * @param args the command line after {@code pipewright}; its JSON check is written to {@link #MONITOR_CHECK}
     * @param resources its requests and limits (the floor)
     */
    public record Monitor(String name, String monitor, String fileName, String text, String schedule, List<String> args, Resources resources) {
        public Monitor {
            args = List.copyOf(args);
        }
    }

    /** Where a monitor's check is written as JSON ({@code monitor run --json}); its {@code triggered} says whether to retrain. */
    public static final String MONITOR_CHECK = "/tmp/check.json";

    /** What a task runs: one node, a fan-out of a tune node's trials, or the tune node's select (best trial, refit). */
    public enum Kind { NODE, TRIALS, SELECT }

    /** A read node's file: where it is here and where the pod reads it. */
    public record DataPath(String local, String pod) {
    }

    /** A fan-out's trials: {@code start} to {@code start + count - 1}, numbered from 0 as the in-process study numbers them. */
    public record Trials(int start, int count) {
    }

    /** Requests and limits, as Kubernetes quantities. */
    public record Resources(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
    }

    /**
     * One task.
     *
     * @param name its name in the workflow (a valid Kubernetes name)
     * @param nodeId the pipeline node it runs
     * @param kind what it runs
     * @param args the command line after {@code pipewright}, with {@link #RUN} and {@link #TRIAL} in place of the run's name and the trial
     * @param dependencies the names of the tasks it waits for
     * @param trials the trials of a fan-out, null for other kinds
     * @param resources its requests and limits
     * @param sizing what the resources were sized from, in words
     * @param gpu whether it requests a GPU (an xgboost node with {@code device: cuda})
     */
    public record Task(String name, String nodeId, Kind kind, List<String> args, List<String> dependencies, Trials trials, Resources resources,
                       String sizing, boolean gpu) {
        public Task {
            args = List.copyOf(args);
            dependencies = List.copyOf(dependencies);
        }

        /** The command line with the placeholders replaced by an orchestrator's syntax. */
        public List<String> args(String run, String trial) {
            var replaced = new ArrayList<String>();
            for (String arg : args) {
                replaced.add(arg.replace(RUN, run).replace(TRIAL, trial));
            }
            return replaced;
        }
    }

    /** The task named, or null. */
    public Task task(String taskName) {
        return tasks.stream().filter(task -> task.name().equals(taskName)).findFirst().orElse(null);
    }

    /** The task name of a node's outputs (its select task for a tune node). */
    public String taskOf(String nodeId) {
        return taskNames.getOrDefault(nodeId, nodeId);
    }
}
