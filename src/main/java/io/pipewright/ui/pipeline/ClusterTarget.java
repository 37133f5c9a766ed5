package io.pipewright.ui.pipeline;

import io.pipewright.export.Validation;
import io.pipewright.export.cluster.ArgoWriter;
import io.pipewright.export.cluster.ClusterPlan;
import io.pipewright.export.cluster.ManifestFile;
import io.pipewright.export.cluster.WorkflowValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An orchestrator a plan can be exported for: how it writes a {@link ClusterPlan}'s files, how it
 * validates them before anything is written, and how its command lines name the run and a trial.
 * <i>Export for cluster…</i> offers each target as a choice; a new orchestrator is one more constant.
 *
 * @param name what the choice says
 * @param folderSuffix added to the pipeline's name for the folder suggested to export into
 * @param run how a task's command line names the workflow run (the run id and the workspace's folder)
 * @param trial how a trial task's command line names its trial within the fan-out
 * @param writer the files of the export, in the order they are applied
 * @param validator the checks of those files, given each select task's number of trials
 */
public record ClusterTarget(String name, String folderSuffix, String run, String trial, Function<ClusterPlan, List<ManifestFile>> writer,
                            BiFunction<List<ManifestFile>, Map<String, Integer>, Validation> validator) {

    /** Argo Workflows: a WorkflowTemplate, a Workflow, ConfigMaps and CronWorkflows, checked against Argo's published schema. */
    public static final ClusterTarget ARGO = new ClusterTarget("Argo Workflows", "argo", "{{workflow.name}}", "{{item}}", ArgoWriter::files,
            ClusterTarget::validateArgo);

    /** The kinds {@link WorkflowValidation} reads; a file holding another kind is listed as not checked, never passed silently. */
    static final Set<String> ARGO_CHECKED = Set.of("WorkflowTemplate", "Workflow", "CronWorkflow", "ConfigMap");

    /**
     * Argo's checks over the files of the kinds they cover, and a skipped check naming each other file and
     * its kinds (the service account and its role: plain Kubernetes objects that Argo's schema does not describe).
     */
    static Validation validateArgo(List<ManifestFile> files, Map<String, Integer> trials) {
        var checked = new ArrayList<ManifestFile>();
        var others = new ArrayList<String>();
        for (ManifestFile file : files) {
            var kinds = file.documents().stream().map(document -> String.valueOf(document.get("kind"))).distinct().toList();
            if (ARGO_CHECKED.containsAll(kinds)) {
                checked.add(file);
            } else {
                others.add(file.name() + " (" + String.join(", ", kinds) + ")");
            }
        }
        Validation argo = WorkflowValidation.checkYaml(texts(checked), trials);
        if (others.isEmpty()) {
            return argo;
        }
        var checks = new ArrayList<>(argo.checks());
        checks.add(Validation.Check.skipped("other Kubernetes objects", String.join("; ", others) + ": not Argo kinds, not checked against a schema"));
        return new Validation(checks);
    }

    /** The targets this build writes, in the order offered. */
    public static List<ClusterTarget> available() {
        return List.of(ARGO);
    }

    /** The files' texts by name, exactly as they will be written (what is validated is what is written). */
    static Map<String, String> texts(List<ManifestFile> files) {
        var texts = new LinkedHashMap<String, String>();
        files.forEach(file -> texts.put(file.name(), file.text()));
        return texts;
    }

    @Override
    public String toString() {
        return name;
    }
}
