package io.pipewright.export.cluster;

import io.pipewright.export.Validation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A plan written for one orchestrator and checked before anything reaches the disk, as a deployment
 * bundle is: the files of {@code pipewright export-pipeline} and of the Pipelines workspace's
 * <i>Export for cluster…</i>, and what each check said. Only an export whose checks passed is written.
 *
 * @param target {@code argo} or {@code airflow}
 */
public record ClusterExport(String target, ClusterPlan plan, List<ExportedFile> files, Validation validation) {
    public static final String ARGO = "argo";
    public static final String AIRFLOW = "airflow";
    public static final List<String> TARGETS = List.of(ARGO, AIRFLOW);
    static final String PYTHON_CHECK = "Python";

    public ClusterExport {
        files = List.copyOf(files);
    }

    /**
     * The plan's files for {@code target}, checked: Argo's documents against Argo's published schema with
     * unknown fields refused, the DAG, the trial fan-outs and the pod-security policy
     * ({@link WorkflowValidation}); Airflow's ConfigMaps for their shape and its DAG module compiled by
     * {@code python3} where one is installed.
     */
    public static ClusterExport of(ClusterPlan plan, String target) {
        if (target.equals(ARGO)) {
            return checked(plan, target, ArgoWriter.files(plan).stream().map(ManifestFile::exported).toList());
        }
        if (target.equals(AIRFLOW)) {
            return checked(plan, target, AirflowWriter.files(plan));
        }
        throw new IllegalArgumentException("--target: must be " + String.join(" or ", TARGETS) + ", not '" + target + "'");
    }

    /** These files of the plan for {@code target}, checked as {@link #of} checks the ones it writes. */
    public static ClusterExport checked(ClusterPlan plan, String target, List<ExportedFile> files) {
        if (target.equals(ARGO)) {
            return new ClusterExport(target, plan, files, WorkflowValidation.checkYaml(texts(files), expectedTrials(plan)));
        }
        if (target.equals(AIRFLOW)) {
            var checks = new ArrayList<Validation.Check>();
            var manifests = new LinkedHashMap<String, String>();
            files.stream().filter(file -> file.name().endsWith(".yaml")).forEach(file -> manifests.put(file.name(), file.text()));
            WorkflowValidation.checkYaml(manifests, Map.of()).checks().stream().filter(check -> check.name().equals(WorkflowValidation.SCHEMA_CHECK))
                    .map(check -> new Validation.Check("ConfigMaps", check.status(), String.join(", ", manifests.keySet()) + ": their shape",
                            check.problems()))
                    .forEach(checks::add);
            files.stream().filter(file -> file.name().endsWith(".py")).forEach(file -> checks.add(compiled(file)));
            return new ClusterExport(target, plan, files, new Validation(checks));
        }
        throw new IllegalArgumentException("--target: must be " + String.join(" or ", TARGETS) + ", not '" + target + "'");
    }

    /** How a target's command lines name the workflow run and a trial of a fan-out (Argo's {@code {{item}}}; Airflow maps literal numbers). */
    public record Placeholders(String run, String trial) {
    }

    public static Placeholders placeholders(String target) {
        return target.equals(AIRFLOW) ? new Placeholders(AirflowWriter.RUN, "<trial>") : new Placeholders(ArgoWriter.RUN, "{{item}}");
    }

    /** Writes the files into {@code folder}; refused (IllegalStateException) when a check failed. */
    public List<Path> write(Path folder) {
        if (!validation.passed()) {
            throw new IllegalStateException("the export failed validation and was not written");
        }
        return ExportedFile.write(files, folder);
    }

    /** Each tune node's select task → its study's number of trials: what the fan-outs before it must cover. */
    public static Map<String, Integer> expectedTrials(ClusterPlan plan) {
        var trials = new LinkedHashMap<String, Integer>();
        for (ClusterPlan.Task task : plan.tasks()) {
            if (task.kind() == ClusterPlan.Kind.SELECT) {
                int count = plan.tasks().stream().filter(other -> other.kind() == ClusterPlan.Kind.TRIALS && other.nodeId().equals(task.nodeId()))
                        .mapToInt(other -> other.trials().count()).sum();
                trials.put(task.name(), count);
            }
        }
        return trials;
    }

    private static Map<String, String> texts(List<ExportedFile> files) {
        var texts = new LinkedHashMap<String, String>();
        files.forEach(file -> texts.put(file.name(), file.text()));
        return texts;
    }

    /** The DAG module compiled as Airflow would import it ({@code python3 -m py_compile}); skipped where python3 is not installed. */
    private static Validation.Check compiled(ExportedFile file) {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("pipewright-dag");
            Path module = Files.writeString(folder.resolve(file.name()), file.text());
            Process process;
            try {
                process = new ProcessBuilder("python3", "-m", "py_compile", module.toString()).redirectErrorStream(true).start();
            } catch (IOException e) {
                return Validation.Check.skipped(PYTHON_CHECK, "python3 is not installed here: " + file.name() + " was not compiled");
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Validation.Check.of(PYTHON_CHECK, file.name() + " compiled by python3", List.of(file.name() + ": python3 did not finish in 30 s"));
            }
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip()
                    .replace(module.toString(), file.name());
            return Validation.Check.of(PYTHON_CHECK, file.name() + " compiled by python3", process.exitValue() == 0 ? List.of()
                    : List.of(file.name() + ": " + (output.isEmpty() ? "python3 could not compile it" : output.lines().reduce((a, b) -> b).orElse(output))));
        } catch (IOException e) {
            return Validation.Check.skipped(PYTHON_CHECK, "cannot write a temporary file to compile " + file.name() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Validation.Check.skipped(PYTHON_CHECK, "interrupted");
        } finally {
            if (folder != null) {
                io.pipewright.work.ScratchFolders.delete(folder); // with what python3 left in it (__pycache__)
            }
        }
    }
}
