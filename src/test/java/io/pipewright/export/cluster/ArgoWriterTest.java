package io.pipewright.export.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pipewright.pipeline.Pipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The Argo files, read back as YAML: the DAG is the pipeline's graph, the fan-outs cover the study, and every pod is locked down. */
class ArgoWriterTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode template(ClusterPlan plan) throws Exception {
        ManifestFile file = ArgoWriter.files(plan).stream().filter(f -> f.name().equals("workflow-template.yaml")).findFirst().orElseThrow();
        return YAML.readTree(file.text());
    }

    private static JsonNode byName(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (item.path("name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no " + name + " in " + list);
    }

    private static ClusterPlan plan(String sample) {
        Path file = ClusterPlannerTest.SAMPLES.resolve("pipelines/" + sample + ".yaml");
        return ClusterPlanner.plan(ClusterPlannerTest.load(file), file, ClusterPlannerTest.rootedAtSamples(), NodeMeasurements.NONE);
    }

    @Test
    void theDagIsThePipelinesConnectionsWithTheTuneNodeFannedOut() throws Exception {
        for (String sample : List.of("credit-risk", "credit-validated", "housing-prices", "machine-health")) {
            Path file = ClusterPlannerTest.SAMPLES.resolve("pipelines/" + sample + ".yaml");
            Pipeline pipeline = ClusterPlannerTest.load(file);
            ClusterPlan plan = ClusterPlanner.plan(pipeline, file, ClusterPlannerTest.rootedAtSamples(), NodeMeasurements.NONE);
            JsonNode tasks = template(plan).path("spec").path("templates").get(0).path("dag").path("tasks");
            // node → the nodes it reads from (by task name: node ids with '_' are mapped), as the DAG says it (a trial task's dependencies lead to its tune node's)
            Map<String, Set<String>> dag = new LinkedHashMap<>();
            for (JsonNode task : tasks) {
                String name = task.path("name").asText();
                if (name.contains("-trials")) {
                    continue;
                }
                var sources = new TreeSet<String>();
                task.path("dependencies").forEach(dependency -> {
                    String upstream = dependency.asText();
                    if (upstream.contains("-trials")) {
                        // the first batch waits for the tune node's own inputs
                        JsonNode first = byName(tasks, upstream.replaceFirst("-trials(-\\d+)?$", "-trials") + (plan.task(upstream.replaceFirst(
                                "-trials(-\\d+)?$", "-trials")) == null ? "-0" : ""));
                        first.path("dependencies").forEach(d -> sources.add(d.asText()));
                    } else {
                        sources.add(upstream);
                    }
                });
                dag.put(name, sources);
            }
            Map<String, Set<String>> connections = new LinkedHashMap<>();
            for (String node : pipeline.order()) {
                var sources = new TreeSet<String>();
                pipeline.node(node).inputs().values().forEach(source -> sources.add(plan.taskOf(source.substring(0, source.lastIndexOf('.')))));
                connections.put(plan.taskOf(node), sources);
            }
            assertThat(dag).as(sample).isEqualTo(connections);
        }
    }

    @Test
    void theTrialFanOutsCoverEveryTrialOnceInTpesBatches() throws Exception {
        JsonNode tasks = template(plan("credit-risk")).path("spec").path("templates").get(0).path("dag").path("tasks");
        var covered = new ArrayList<Integer>();
        var counts = new ArrayList<Integer>();
        String previous = "split";
        for (JsonNode task : tasks) {
            if (task.has("withSequence")) {
                int start = Integer.parseInt(task.path("withSequence").path("start").asText());
                int count = Integer.parseInt(task.path("withSequence").path("count").asText());
                counts.add(count);
                for (int trial = start; trial < start + count; trial++) {
                    covered.add(trial);
                }
                assertThat(task.path("dependencies").get(0).asText()).isEqualTo(previous);
                assertThat(task.path("arguments").path("parameters").get(0).path("value").asText()).isEqualTo("{{item}}");
                previous = task.path("name").asText();
            }
        }
        assertThat(counts).as("the node's parallel 1: sequential TPE after the start-up trials").containsExactly(10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        assertThat(covered).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
    }

    @Test
    void everyTaskRunsPipewrightWithItsCommandLineRetriedButNotOnBadInputAndLockedDown() throws Exception {
        ClusterPlan plan = plan("credit-risk");
        JsonNode spec = template(plan).path("spec");
        assertThat(spec.path("parallelism").asInt()).isEqualTo(2);
        assertThat(spec.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(spec.path("securityContext").path("runAsUser").asInt()).isEqualTo(10001);
        assertThat(byName(spec.path("volumes"), "workspace").path("persistentVolumeClaim").path("claimName").asText()).isEqualTo("pipewright-workspace");
        assertThat(byName(spec.path("volumes"), "tmp").has("emptyDir")).isTrue();
        for (ClusterPlan.Task task : plan.tasks()) {
            JsonNode template = byName(spec.path("templates"), task.name());
            JsonNode container = template.path("container");
            assertThat(container.path("command").toString()).isEqualTo("[\"pipewright\"]");
            var args = new ArrayList<String>();
            container.path("args").forEach(arg -> args.add(arg.asText()));
            assertThat(args).isEqualTo(task.args("{{workflow.name}}", "{{inputs.parameters.trial}}"));
            assertThat(args).contains("/workspace/{{workflow.name}}", "{{workflow.name}}");
            JsonNode retry = template.path("retryStrategy");
            assertThat(retry.path("limit").asText()).isEqualTo("2");
            assertThat(retry.path("expression").asText()).isEqualTo("lastRetry.status == 'Error' or asInt(lastRetry.exitCode) != 2");
            assertThat(retry.path("backoff").path("duration").asText()).isEqualTo("30s");
            JsonNode security = container.path("securityContext");
            assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
            assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(security.path("capabilities").path("drop").toString()).isEqualTo("[\"ALL\"]");
            assertThat(byName(container.path("volumeMounts"), "workspace").path("mountPath").asText()).isEqualTo("/workspace");
            assertThat(byName(container.path("volumeMounts"), "tmp").path("mountPath").asText()).isEqualTo("/tmp");
            JsonNode store = byName(container.path("env"), "PIPEWRIGHT_STORE").path("valueFrom").path("secretKeyRef");
            assertThat(store.path("name").asText() + "/" + store.path("key").asText()).isEqualTo("pipewright-store/url");
            assertThat(container.path("resources").path("requests").path("memory").asText()).isEqualTo(task.resources().memoryRequest());
            assertThat(container.path("resources").path("limits").path("cpu").asText()).isEqualTo(task.resources().cpuLimit());
            assertThat(container.path("resources").path("limits").has("nvidia.com/gpu")).isFalse();
        }
    }

    @Test
    void aGpuTaskRequestsTheGpuWithTheTolerationsAndNodeSelectorOfTheServingChart() throws Exception {
        ClusterPlan plan = plan("credit-risk");
        var tasks = new ArrayList<ClusterPlan.Task>();
        plan.tasks().forEach(task -> tasks.add(task.nodeId().equals("train") ? new ClusterPlan.Task(task.name(), task.nodeId(), task.kind(), task.args(),
                task.dependencies(), task.trials(), task.resources(), task.sizing(), true) : task));
        var onGpu = new ClusterPlan(plan.name(), plan.pipeline(), plan.namespace(), plan.image(), plan.parallelism(), plan.seed(), plan.pipelinePath(),
                plan.pipelineText(), plan.dataPaths(), plan.taskNames(), tasks, plan.monitors(), plan.options());
        JsonNode templates = template(onGpu).path("spec").path("templates");
        JsonNode select = byName(templates, "train");
        assertThat(select.path("container").path("resources").path("requests").path("nvidia.com/gpu").asText()).isEqualTo("1");
        assertThat(select.path("container").path("resources").path("limits").path("nvidia.com/gpu").asText()).isEqualTo("1");
        assertThat(select.path("nodeSelector").toString()).isEqualTo("{\"pipewright.io/gpu\":\"true\"}");
        assertThat(select.path("tolerations").toString()).isEqualTo("[{\"key\":\"nvidia.com/gpu\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]");
        assertThat(byName(templates, "train-trials-3").has("tolerations")).isTrue();
        assertThat(byName(templates, "eval").has("tolerations")).isFalse();
        assertThat(byName(templates, "eval").has("nodeSelector")).isFalse();
    }

    @Test
    void theWorkflowSubmitsTheTemplateAndEveryFileSaysHowToApplyIt() throws Exception {
        ClusterPlan plan = plan("housing-prices");
        List<ManifestFile> files = ArgoWriter.files(plan);
        for (ManifestFile file : files) {
            assertThat(file.text()).as(file.name()).startsWith("# Written by pipewright export-pipeline housing-prices.yaml --target argo\n")
                    .contains("\n# Apply: ");
            // every document parses
            assertThat(YAML.readerFor(JsonNode.class).readValues(file.text()).readAll()).hasSize(file.documents().size());
        }
        JsonNode workflow = YAML.readTree(files.stream().filter(f -> f.name().equals("workflow.yaml")).findFirst().orElseThrow().text());
        assertThat(workflow.path("kind").asText()).isEqualTo("Workflow");
        assertThat(workflow.path("metadata").path("generateName").asText()).isEqualTo("housing-prices-");
        assertThat(workflow.path("spec").path("workflowTemplateRef").path("name").asText()).isEqualTo("housing-prices");
        assertThat(files.stream().filter(f -> f.name().equals("workflow-template.yaml")).findFirst().orElseThrow().text())
                .contains("# Apply: argo template create -n default workflow-template.yaml");
    }
}
