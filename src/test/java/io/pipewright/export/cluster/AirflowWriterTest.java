package io.pipewright.export.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Airflow export: each sample pipeline's DAG file compiles, and, imported against stand-ins for the
 * Airflow and Kubernetes modules ({@code airflow_dag_graph.py}, run by python3), its task graph is the
 * plan's: the same task ids, upstream tasks, command lines and trial fan-outs.
 */
class AirflowWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    static Stream<Path> samplePipelines() throws IOException {
        try (Stream<Path> files = Files.list(ClusterPlannerTest.SAMPLES.resolve("pipelines"))) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    /** A sample planned with the default options, its data root the samples' folder (where its read nodes' files are), no measurements. */
    static ClusterPlan samplePlan(Path file) {
        return ClusterPlanner.plan(ClusterPlannerTest.load(file), file, ClusterPlannerTest.rootedAtSamples(), NodeMeasurements.NONE);
    }

    @ParameterizedTest
    @MethodSource("samplePipelines")
    void eachSamplePipelinesDagFileCompiles(Path pipeline) throws Exception {
        Path dag = write(AirflowWriter.files(samplePlan(pipeline)));
        io.pipewright.Python3.Result compiled = python(folder, "-m", "py_compile", dag.toString());
        assertThat(compiled.exit()).as("py_compile %s: %s", dag.getFileName(), compiled.output()).isZero();
    }

    @ParameterizedTest
    @MethodSource("samplePipelines")
    void theDagsTaskGraphIsThePlans(Path pipeline) throws Exception {
        ClusterPlan plan = samplePlan(pipeline);
        JsonNode graph = graph(plan);
        JsonNode dag = graph.get("dags").get(0);
        assertThat(graph.get("dags")).hasSize(1);
        assertThat(dag.get("dag_id").asText()).isEqualTo(plan.name());

        var ids = new ArrayList<String>();
        dag.get("tasks").forEach(task -> ids.add(task.get("id").asText()));
        assertThat(ids).containsExactlyElementsOf(plan.tasks().stream().map(ClusterPlan.Task::name).toList());
        for (JsonNode task : dag.get("tasks")) {
            ClusterPlan.Task planned = plan.task(task.get("id").asText());
            assertThat(strings(task.get("upstream"))).as(planned.name()).containsExactlyElementsOf(new TreeSet<>(planned.dependencies()));
            assertThat(task.get("mapped").asBoolean()).as(planned.name()).isEqualTo(planned.kind() == ClusterPlan.Kind.TRIALS);
            assertThat(task.get("operator").asText()).isEqualTo("PipewrightPodOperator");
            if (planned.kind() == ClusterPlan.Kind.TRIALS) {
                var expected = new ArrayList<List<String>>();
                for (int k = planned.trials().start(); k < planned.trials().start() + planned.trials().count(); k++) {
                    expected.add(planned.args(AirflowWriter.RUN, Integer.toString(k)));
                }
                var mapped = new ArrayList<List<String>>();
                task.get("arguments").forEach(arguments -> mapped.add(strings(arguments)));
                assertThat(mapped).as(planned.name()).isEqualTo(expected);
            } else {
                assertThat(strings(task.get("arguments"))).as(planned.name()).isEqualTo(planned.args(AirflowWriter.RUN, "unused"));
            }
            JsonNode settings = task.get("settings");
            assertThat(settings.get("name").asText()).isEqualTo(planned.name());
            assertThat(strings(settings.get("cmds"))).containsExactly("pipewright");
            assertThat(settings.get("image").asText()).isEqualTo(plan.image());
            assertThat(settings.get("namespace").asText()).isEqualTo(plan.namespace());
            JsonNode resources = settings.get("container_resources");
            assertThat(resources.get("requests").get("cpu").asText()).isEqualTo(planned.resources().cpuRequest());
            assertThat(resources.get("requests").get("memory").asText()).isEqualTo(planned.resources().memoryRequest());
            assertThat(resources.get("limits").get("cpu").asText()).isEqualTo(planned.resources().cpuLimit());
            assertThat(resources.get("limits").get("memory").asText()).isEqualTo(planned.resources().memoryLimit());
            assertThat(settings.get("retries").asInt()).isEqualTo(2);
            assertThat(settings.get("retry_delay").asDouble()).isEqualTo(30.0);
            assertThat(settings.get("max_retry_delay").asDouble()).isEqualTo(600.0);
            assertThat(settings.get("retry_exponential_backoff").asBoolean()).isTrue();
            // arguments such as /pipeline/x.yaml are not template files to load
            assertThat(task.get("template_ext")).isEmpty();
        }
        // a run of trials: every planned trial is one map index, none twice
        int planned = plan.tasks().stream().filter(task -> task.kind() == ClusterPlan.Kind.TRIALS).mapToInt(task -> task.trials().count()).sum();
        int mapped = 0;
        for (JsonNode task : dag.get("tasks")) {
            mapped += task.get("mapped").asBoolean() ? task.get("arguments").size() : 0;
        }
        assertThat(mapped).isEqualTo(planned);

        JsonNode settings = dag.get("settings");
        assertThat(settings.get("schedule").isNull()).isTrue();
        assertThat(settings.get("catchup").asBoolean()).isFalse();
        assertThat(settings.get("start_date").asText()).isEqualTo("2024-01-01T00:00:00");
        assertThat(settings.get("max_active_tasks").asInt()).isEqualTo(plan.parallelism());
        assertThat(strings(settings.get("tags"))).containsExactly("pipewright", plan.name());
    }

    @Test
    void everyPodHasTheWorkspaceTheDataThePipelineTheStoreSecretAndTheArgoSecurityContext() throws Exception {
        Path file = ClusterPlannerTest.SAMPLES.resolve("pipelines/credit-risk.yaml");
        JsonNode read = graph(samplePlan(file)).get("dags").get(0).get("tasks").get(0).get("settings");

        assertThat(read.findValuesAsText("claim_name")).containsExactly("pipewright-workspace", "pipewright-data");
        assertThat(mounts(read)).containsExactly("workspace=/workspace", "data=/data (read-only)", "tmp=/tmp", "pipeline=/pipeline (read-only)");
        assertThat(read.get("volumes").get(3).get("config_map").get("name").asText()).isEqualTo("credit-risk-pipeline");
        assertThat(read.get("volumes").get(2).has("empty_dir")).isTrue();
        JsonNode secret = read.get("secrets").get(0);
        assertThat(List.of(secret.get("deploy_type").asText(), secret.get("deploy_target").asText(), secret.get("secret").asText(),
                secret.get("key").asText())).containsExactly("env", "PIPEWRIGHT_STORE", "pipewright-store", "url");
        JsonNode container = read.get("container_security_context");
        assertThat(container.get("allow_privilege_escalation").asBoolean()).isFalse();
        assertThat(container.get("read_only_root_filesystem").asBoolean()).isTrue();
        assertThat(container.get("run_as_non_root").asBoolean()).isTrue();
        assertThat(strings(container.get("capabilities").get("drop"))).containsExactly("ALL");
        JsonNode pod = read.get("security_context");
        assertThat(pod.get("run_as_non_root").asBoolean()).isTrue();
        assertThat(pod.get("run_as_user").asInt()).isEqualTo(ArgoWriter.UID);
        assertThat(read.has("node_selector")).isFalse();
    }

    @Test
    void aFailedPodIsRetriedExceptOnExitTwoWhichFailsAtOnce() throws Exception {
        Path file = ClusterPlannerTest.SAMPLES.resolve("pipelines/credit-risk.yaml");
        JsonNode cleanup = graph(samplePlan(file)).get("cleanup");
        // AirflowFailException ends the task instance without its retries; AirflowException is retried
        assertThat(cleanup.get("0").asText()).isEqualTo("done");
        assertThat(cleanup.get("1").asText()).isEqualTo("AirflowException");
        assertThat(cleanup.get("2").asText()).isEqualTo("AirflowFailException");
        assertThat(cleanup.get("137").asText()).isEqualTo("AirflowException");
    }

    @Test
    void theDagRunsIdBecomesARunNameThatRunIdAccepts() throws Exception {
        Path file = ClusterPlannerTest.SAMPLES.resolve("pipelines/credit-risk.yaml");
        JsonNode names = graph(samplePlan(file)).get("run_names");
        assertThat(names.get("manual__2024-05-01T06:00:00.123456+00:00").asText()).isEqualTo("manual__2024-05-01T06-00-00.123456-00-00");
        assertThat(names.get("scheduled__2024-05-01T06:00:00+00:00").asText()).isEqualTo("scheduled__2024-05-01T06-00-00-00-00");
        names.forEach(name -> assertThat(name.asText()).matches("[A-Za-z0-9][A-Za-z0-9._-]*"));
    }

    @Test
    void aGpuTaskRequestsTheGpuOnAGpuNodeAndOddTextInArgumentsStaysAsItIs() throws Exception {
        Path file = ClusterPlannerTest.SAMPLES.resolve("pipelines/credit-risk.yaml");
        ClusterPlan sample = samplePlan(file);
        var tasks = new ArrayList<ClusterPlan.Task>();
        for (ClusterPlan.Task task : sample.tasks()) {
            boolean train = task.nodeId().equals("train");
            var args = new ArrayList<>(task.args());
            if (task.name().equals("read")) {
                args.add("--note");
                args.add("a \"quoted\" {{ not_a_template }} {% raw %} \\ back\nnew line ü " + ClusterPlan.RUN);
            }
            tasks.add(new ClusterPlan.Task(task.name(), task.nodeId(), task.kind(), args, task.dependencies(), task.trials(), task.resources(),
                    task.sizing() + "\nsecond line", train));
        }
        ClusterPlan plan = new ClusterPlan(sample.name(), sample.pipeline(), sample.namespace(), sample.image(), sample.parallelism(), sample.seed(),
                sample.pipelinePath(), sample.pipelineText(), sample.dataPaths(), Map.of("Train Step", "train"), tasks, sample.monitors(),
                sample.options());
        Path dag = write(AirflowWriter.files(plan));
        assertThat(python(folder, "-m", "py_compile", dag.toString()).exit()).isZero();
        JsonNode graph = graph(dag);

        for (JsonNode task : graph.get("dags").get(0).get("tasks")) {
            JsonNode settings = task.get("settings");
            boolean gpu = plan.task(task.get("id").asText()).gpu();
            assertThat(settings.has("node_selector")).as(task.get("id").asText()).isEqualTo(gpu);
            if (gpu) {
                assertThat(settings.get("node_selector").get("pipewright.io/gpu").asText()).isEqualTo("true");
                JsonNode toleration = settings.get("tolerations").get(0);
                assertThat(toleration.get("key").asText()).isEqualTo("nvidia.com/gpu");
                assertThat(toleration.get("operator").asText()).isEqualTo("Exists");
                assertThat(toleration.get("effect").asText()).isEqualTo("NoSchedule");
                assertThat(settings.get("container_resources").get("limits").get("nvidia.com/gpu").asText()).isEqualTo("1");
                assertThat(settings.get("container_resources").get("requests").get("nvidia.com/gpu").asText()).isEqualTo("1");
            } else {
                assertThat(settings.get("container_resources").get("limits").has("nvidia.com/gpu")).isFalse();
            }
        }
        JsonNode read = graph.get("dags").get(0).get("tasks").get(0);
        List<String> arguments = strings(read.get("arguments"));
        // Jinja renders the text as written: each '{' of the markup is printed by an expression
        assertThat(arguments.get(arguments.size() - 1)).isEqualTo("a \"quoted\" {{ '{' }}{{ '{' }} not_a_template }} {{ '{' }}% raw %} \\ back\n"
                + "new line ü " + AirflowWriter.RUN);
        assertThat(graph.get("docstring").asText()).contains("Task ids (node id -> task):\n  Train Step -> train\n");
    }

    @Test
    void aMonitorBecomesAScheduledDagThatTriggersThePipelineWhenItsCheckTriggers() throws Exception {
        Path file = ClusterPlannerTest.SAMPLES.resolve("pipelines/credit-risk.yaml");
        ClusterPlan plan = ClusterPlanner.plan(ClusterPlannerTest.load(file), file, ClusterPlannerTest.rootedAtSamples(), NodeMeasurements.NONE,
                List.of(ClusterPlannerTest.SAMPLES.resolve("monitors/credit-risk.yaml")));
        List<ExportedFile> files = AirflowWriter.files(plan);
        assertThat(files).extracting(ExportedFile::name).containsExactly("credit_risk_dag.py", "configmaps.yaml");
        assertThat(files.get(1).text()).contains("name: monitor-credit-risk-monthly", "credit-risk.yaml: |", "--target airflow");
        JsonNode graph = graph(write(files));

        assertThat(graph.get("dags")).hasSize(2);
        JsonNode monitor = graph.get("dags").get(1);
        assertThat(monitor.get("dag_id").asText()).isEqualTo("monitor-credit-risk-monthly");
        assertThat(monitor.get("settings").get("schedule").asText()).isEqualTo("0 6 * * *");
        assertThat(monitor.get("settings").get("catchup").asBoolean()).isFalse();
        assertThat(monitor.get("settings").get("max_active_runs").asInt()).isEqualTo(1);
        JsonNode check = monitor.get("tasks").get(0);
        assertThat(check.get("id").asText()).isEqualTo("check");
        assertThat(strings(check.get("arguments"))).containsExactly("monitor", "run", "/monitor/credit-risk.yaml", "--json",
                AirflowWriter.XCOM_RETURN);
        assertThat(check.get("settings").get("do_xcom_push").asBoolean()).isTrue();
        assertThat(mounts(check.get("settings"))).containsExactly("workspace=/workspace", "data=/data (read-only)", "tmp=/tmp",
                "monitor=/monitor (read-only)");
        JsonNode triggered = monitor.get("tasks").get(1);
        assertThat(triggered.get("operator").asText()).isEqualTo("ShortCircuitOperator");
        assertThat(strings(triggered.get("upstream"))).containsExactly("check");
        assertThat(triggered.get("settings").get("op_args").get(0).get("_xcom").asText()).isEqualTo("check");
        JsonNode retrain = monitor.get("tasks").get(2);
        assertThat(retrain.get("operator").asText()).isEqualTo("TriggerDagRunOperator");
        assertThat(retrain.get("settings").get("trigger_dag_id").asText()).isEqualTo("credit-risk");
        assertThat(strings(retrain.get("upstream"))).containsExactly("triggered");
        // the check's JSON decides: only "triggered": true retrains
        JsonNode decides = graph.get("triggered");
        assertThat(List.of(decides.get("true").asBoolean(), decides.get("false").asBoolean(), decides.get("none").asBoolean(),
                decides.get("missing").asBoolean())).containsExactly(true, false, false, false);
    }

    @Test
    void theSamePlanGivesTheSameBytes() {
        Path file = ClusterPlannerTest.SAMPLES.resolve("pipelines/credit-risk.yaml");
        List<ExportedFile> first = AirflowWriter.files(samplePlan(file));
        List<ExportedFile> second = AirflowWriter.files(samplePlan(file));
        assertThat(first).isEqualTo(second);
        assertThat(first.get(0).text()).startsWith("\"\"\"Pipewright pipeline credit-risk as an Airflow DAG (dag_id credit-risk).\n");
    }

    @Test
    void theDagFileIsAPythonModuleNamedAfterThePlan() {
        Path file = ClusterPlannerTest.SAMPLES.resolve("pipelines/credit-risk.yaml");
        ClusterPlan plan = samplePlan(file);
        assertThat(AirflowWriter.dagFileName(plan)).isEqualTo("credit_risk_dag.py");
        ClusterPlan digits = new ClusterPlan("2024-model", plan.pipeline(), plan.namespace(), plan.image(), plan.parallelism(), plan.seed(),
                plan.pipelinePath(), plan.pipelineText(), plan.dataPaths(), plan.taskNames(), plan.tasks(), plan.monitors(), plan.options());
        assertThat(AirflowWriter.dagFileName(digits)).isEqualTo("pipeline_2024_model_dag.py");
    }

    @Test
    void pythonLiteralsReadBackAsTheirText() throws Exception {
        List<String> texts = List.of("plain", "it's \"quoted\"", "back\\slash \\n not a newline", "line\nbreak\r\ttab", "ünïcödé – ✓ 𝔸 😀",
                "{{ run_id }} {% x %}", "nul\u0000 bell\u0007 del\u007f", "sep\u2028\u2029 bom\ufeff", "lone \ud800 surrogate", "ends with \\", "\"\"\"");
        var source = new StringBuilder("import json, sys\nvalues = [\n");
        texts.forEach(text -> source.append("    ").append(PythonLiteral.string(text)).append(",\n"));
        source.append("]\n");
        texts.forEach(text -> source.append("values.append(\"\"\"").append(PythonLiteral.docstringBody(text)).append("\"\"\")\n"));
        texts.forEach(text -> source.append("# ").append(PythonLiteral.commentText(text)).append('\n'));
        source.append("values.append(").append(PythonLiteral.of(List.of(1, true, false, Map.of("k", "v")))).append(")\n");
        source.append("values.append(").append(PythonLiteral.of(null)).append(")\n");
        source.append("sys.stdout.write(json.dumps(values))\n");
        Path script = folder.resolve("literals.py");
        Files.writeString(script, source.toString(), StandardCharsets.UTF_8);

        io.pipewright.Python3.Result result = python(folder, script.toString());
        assertThat(result.exit()).as(result.output()).isZero();
        JsonNode values = JSON.readTree(result.output());
        var expected = new ArrayList<Object>(texts);
        expected.addAll(texts);
        expected.add(List.of(1, true, false, Map.of("k", "v")));
        expected.add(null);
        assertThat(JSON.convertValue(values, List.class)).isEqualTo(expected);
    }

    private static List<String> mounts(JsonNode settings) {
        var mounts = new ArrayList<String>();
        settings.get("volume_mounts").forEach(mount -> mounts.add(mount.get("name").asText() + "=" + mount.get("mount_path").asText()
                + (mount.path("read_only").asBoolean() ? " (read-only)" : "")));
        return mounts;
    }

    private static List<String> strings(JsonNode array) {
        var strings = new ArrayList<String>();
        array.forEach(item -> strings.add(item.asText()));
        return strings;
    }

    private Path write(List<ExportedFile> files) {
        List<Path> written = ExportedFile.write(files, folder.resolve("dags"));
        return written.get(0);
    }

    private JsonNode graph(ClusterPlan plan) throws Exception {
        return graph(write(AirflowWriter.files(plan)));
    }

    /** The DAG file imported against the stand-in modules: its DAGs and tasks as JSON. */
    private JsonNode graph(Path dag) throws Exception {
        Path script = folder.resolve("airflow_dag_graph.py");
        try (InputStream in = AirflowWriterTest.class.getResourceAsStream("airflow_dag_graph.py")) {
            Files.write(script, in.readAllBytes());
        }
        io.pipewright.Python3.Result result = python(folder, script.toString(), dag.toString());
        assertThat(result.exit()).as("importing %s: %s", dag.getFileName(), result.output()).isZero();
        return JSON.readTree(result.output());
    }

    /** Runs python3 in the folder (see {@link io.pipewright.Python3}). */
    static io.pipewright.Python3.Result python(Path folder, String... args) throws Exception {
        return io.pipewright.Python3.run(folder, args);
    }
}
