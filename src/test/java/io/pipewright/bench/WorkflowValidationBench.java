package io.pipewright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pipewright.export.cluster.WorkflowValidation;
import io.pipewright.export.cluster.WorkflowValidationFixtures;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * How long the validation of an exported Argo bundle takes: the WorkflowTemplate of a 10-task credit pipeline (two TPE batches
 * of trials), its Workflow, a CronWorkflow and a ConfigMap, as YAML text through every check (schema, DAG, trial fan-out, pod
 * security). Cold: the first check in this process (the schema loaded and compiled); warm: the median of 200 after 50 more.
 * The peer, in the same run: only reading the same YAML texts into trees, the floor any validation of text pays.
 *
 * <p>{@code mvn -q test-compile exec:exec -Dbench=WorkflowValidationBench}
 */
public final class WorkflowValidationBench {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public static void main(String[] args) throws Exception {
        Map<String, String> files = WorkflowValidationFixtures.files();
        long started = System.nanoTime();
        check(files);
        double cold = (System.nanoTime() - started) / 1e6;
        for (int i = 0; i < 50; i++) {
            check(files);
            parse(files);
        }
        double[] warm = new double[200];
        double[] peer = new double[200];
        for (int i = 0; i < warm.length; i++) {
            // alternated, so both see the same machine
            long t0 = System.nanoTime();
            check(files);
            long t1 = System.nanoTime();
            parse(files);
            long t2 = System.nanoTime();
            warm[i] = (t1 - t0) / 1e6;
            peer[i] = (t2 - t1) / 1e6;
        }
        Arrays.sort(warm);
        Arrays.sort(peer);
        System.out.printf(Locale.ROOT, "Argo export validation (4 documents, 10 DAG tasks, 10 containers): cold %.0f ms, warm %.2f ms (median of %d; p90 %.2f ms)%n",
                cold, warm[warm.length / 2], warm.length, warm[warm.length * 9 / 10]);
        System.out.printf(Locale.ROOT, "peer, reading the same YAML into trees: %.2f ms (median of %d)%n", peer[peer.length / 2], peer.length);
        System.out.printf(Locale.ROOT, "ratio (warm validation / YAML reading): %.1f%n", warm[warm.length / 2] / peer[peer.length / 2]);
    }

    private static void check(Map<String, String> files) {
        var validation = WorkflowValidation.checkYaml(files, WorkflowValidationFixtures.TRIALS);
        if (!validation.passed()) {
            throw new IllegalStateException(String.join("; ", validation.problems()));
        }
    }

    private static void parse(Map<String, String> files) throws Exception {
        for (String text : files.values()) {
            JsonNode tree = YAML.readTree(text);
            if (tree == null) {
                throw new IllegalStateException("empty document");
            }
        }
    }
}
