package io.pipewright.ui.pipeline;

import io.pipewright.export.cluster.ClusterExport;
import io.pipewright.export.cluster.ClusterPlan;
import java.util.List;
import java.util.function.Function;

/**
 * An orchestrator a plan can be exported for, as <i>Export for cluster…</i> offers it: how it writes and
 * checks a {@link ClusterPlan}'s files ({@link ClusterExport}, the same as {@code pipewright
 * export-pipeline}), and how its command lines name the run and a trial. A new orchestrator is one more constant.
 *
 * @param name what the choice says
 * @param folderSuffix added to the pipeline's name for the folder suggested to export into
 * @param run how a task's command line names the workflow run (the run id and the workspace's folder)
 * @param trial how a trial task's command line names its trial within the fan-out
 * @param draft the checked files of the export, in the order they are applied
 */
public record ClusterTarget(String name, String folderSuffix, String run, String trial, Function<ClusterPlan, ClusterExport> draft) {

    /** Argo Workflows: a WorkflowTemplate, a Workflow, ConfigMaps, CronWorkflows and the service account, checked against Argo's published schema. */
    public static final ClusterTarget ARGO = new ClusterTarget("Argo Workflows", "argo", ClusterExport.placeholders(ClusterExport.ARGO).run(),
            ClusterExport.placeholders(ClusterExport.ARGO).trial(),
            plan -> ClusterExport.of(plan, ClusterExport.ARGO));

    /** Airflow 2.x: one DAG module (a mapped task per trial fan-out) and the ConfigMaps its pods mount. */
    public static final ClusterTarget AIRFLOW = new ClusterTarget("Airflow", "airflow", ClusterExport.placeholders(ClusterExport.AIRFLOW).run(),
            ClusterExport.placeholders(ClusterExport.AIRFLOW).trial(),
            plan -> ClusterExport.of(plan, ClusterExport.AIRFLOW));

    /** The targets, in the order offered. */
    public static List<ClusterTarget> available() {
        return List.of(ARGO, AIRFLOW);
    }

    @Override
    public String toString() {
        return name;
    }
}
