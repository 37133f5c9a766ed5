package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command the README documents, run once through the entry point's own writers on one home,
 * with what it printed checked: a command that prints nothing and exits 0 is caught here, and a new
 * command without a case here fails {@link #everyCommandHasACaseHere}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DocumentedCommandsTest {
    /** Commands that do not end by themselves; each is run as a process by its own test. */
    private static final Map<String, String> RUN_ELSEWHERE = Map.of(
            "open", "starts the window until it is closed: OpenCommandTest, MainWindowTest and the GUI tests",
            "serve", "serves until stopped: ServeCommandTest, ServeSigtermTest",
            "stream", "streams until stopped: StreamCommandTest, StreamScorerTest",
            "ingest cdc", "captures from a PostgreSQL server with logical decoding: IngestCommandTest, on the test server",
            "ingest drop", "drops a capture's slot on its PostgreSQL server: IngestCommandTest, on the test server");

    private static final Set<String> COVERED = new TreeSet<>();

    @TempDir
    static Path dir;

    private static Path home;
    private static Path credit;
    private static String runId;

    @BeforeAll
    static void runAPipeline() throws IOException {
        home = dir.resolve("home");
        credit = Path.of("sample-data/credit/credit.csv").toAbsolutePath();
        Path pipeline = Files.writeString(dir.resolve("quick.yaml"), """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: quick
                seed: 3
                nodes:
                  - id: read
                    type: read
                    params: {path: %s}
                  - id: split
                    type: split
                    inputs: {table: read.table}
                    params: {strategy: stratified, target: default, test: 0.25}
                  - id: train
                    type: train
                    inputs: {train: split.train}
                    params: {target: default, algorithm: xgboost, hyperparameters: {num_round: 20, max_depth: 3}}
                  - id: eval
                    type: evaluate
                    inputs: {model: train.model, table: split.test}
                  - id: register
                    type: register
                    inputs: {model: train.model, metrics: eval.metrics}
                    # a default model is judged on how it ranks applicants: its accuracy is near always answering "no"
                    params: {name: quick, alias: champion, gates: {metric: roc_auc}}
                """.formatted(credit));
        CliRun run = cli("run", pipeline.toString(), "--json", "-");
        assertThat(run.code()).as(run.err()).isZero();
        runId = new ObjectMapper().readTree(run.out()).get("runId").asText();
        // another seed splits the rows otherwise: its model goes to the challenger alias, as a new candidate would
        // (against the champion the regression gate would score version 1 on rows it trained on, and refuse)
        CliRun second = cli("run", pipeline.toString(), "--seed", "4", "--set", "register.alias=challenger");
        assertThat(second.code()).as(second.err()).isZero();
    }

    private static CliRun cli(String... args) {
        String[] withHome = new String[args.length + 2];
        withHome[0] = "--home=" + home;
        System.arraycopy(args, 0, withHome, 1, args.length);
        withHome[withHome.length - 1] = "--verbose";
        return CliRun.entry(Map.of(), withHome);
    }

    /** Runs a command, records it as covered, and checks it succeeded and printed something on stdout. */
    private static String ok(String command, String... args) {
        COVERED.add(command);
        var all = new java.util.ArrayList<>(java.util.List.of(command.split(" ")));
        all.addAll(java.util.List.of(args));
        CliRun run = cli(all.toArray(String[]::new));
        assertThat(run.code()).as("%s: %s", command, run.err()).isZero();
        assertThat(run.out()).as("what '%s' printed", command).isNotBlank();
        return run.out();
    }

    private static JsonNode json(String text) throws IOException {
        return new ObjectMapper().readTree(text);
    }

    @Test
    @Order(1)
    void theRunItselfPrintsOneJsonDocumentOnStdout() throws IOException {
        COVERED.add("run");
        CliRun run = cli("run", dir.resolve("quick.yaml").toString(), "--json", "-");
        assertThat(json(run.out()).get("status").asText()).isEqualTo("finished");
        assertThat(run.err()).contains("quick: finished in").contains("eval: accuracy");
        assertThat(ok("run", dir.resolve("quick.yaml").toString())).contains("quick: finished in").contains("model: ");
        // the node-level form, as a workflow's tasks run it: one node per command, through a workspace, one run
        Path workspace = dir.resolve("workspace");
        for (String node : java.util.List.of("read", "split", "train", "eval")) {
            assertThat(ok("run", dir.resolve("quick.yaml").toString(), "--node", node, "--workspace", workspace.toString(), "--run-id", "quick-wf"))
                    .startsWith("quick: node " + node + " done in").contains("(run quick-wf)");
        }
        CliRun last = cli("run", dir.resolve("quick.yaml").toString(), "--node", "register", "--workspace", workspace.toString(), "--json", "-");
        assertThat(last.code()).as(last.err()).isZero();
        assertThat(json(last.out()).get("runId").asText()).isEqualTo("quick-wf");
        assertThat(json(last.out()).get("run").asText()).isEqualTo("finished");
    }

    @Test
    @Order(2)
    void informationCommands() throws IOException {
        assertThat(ok("info")).contains("home");
        assertThat(json(ok("info", "--json")).get("home").asText()).isEqualTo(home.toString());
        assertThat(ok("algorithms")).contains("xgboost", "random_forest");
        assertThat(ok("nodes")).contains("split", "evaluate", "register");
        assertThat(ok("validate-pipeline", dir.resolve("quick.yaml").toString())).contains("valid");
    }

    @Test
    @Order(3)
    void runsCommands() throws IOException {
        assertThat(ok("runs list")).contains(runId);
        assertThat(ok("runs show", runId)).contains(runId).contains("eval");
        String other = null;
        for (JsonNode run : json(ok("runs list", "--json"))) {
            other = run.get("id").asText().equals(runId) ? other : run.get("id").asText();
        }
        assertThat(ok("runs compare", runId, other)).contains(runId, other, "status");
        Path mlflow = dir.resolve("mlflow");
        assertThat(ok("runs export-mlflow", "--experiment", "quick", "--out", mlflow.toString())).contains("quick");
        Path otherHome = dir.resolve("other-home");
        COVERED.add("runs import-mlflow");
        CliRun imported = CliRun.entry(Map.of(), "--home=" + otherHome, "runs", "import-mlflow", mlflow.toString());
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("imported");
        // the same both ways through MLflow's SQLite tracking database, named as MLflow names it
        Path db = dir.resolve("mlflow.db");
        String toDatabase = ok("runs export-mlflow", "--experiment", "quick", "--out", "sqlite:///" + db);
        assertThat(toDatabase).matches("quick: \\d+ run\\(s\\) written to experiment 1 of " + java.util.regex.Pattern.quote(db.toString())
                + " \\(a new MLflow 3.0 database\\)\n");
        String written = toDatabase.split(" ")[1];
        CliRun fromDatabase = CliRun.entry(Map.of(), "--home=" + dir.resolve("third-home"), "runs", "import-mlflow", db.toString());
        assertThat(fromDatabase.code()).as(fromDatabase.err()).isZero();
        assertThat(fromDatabase.out()).isEqualTo(written + " run(s) imported into quick\n");
        CliRun shown = CliRun.entry(Map.of(), "--home=" + dir.resolve("third-home"), "runs", "show", runId, "--json");
        assertThat(json(shown.out()).get("datasets")).as("the dataset the run read came through MLflow").hasSize(1);
    }

    @Test
    @Order(4)
    void modelsCommands() throws IOException {
        assertThat(ok("models list")).contains("quick");
        assertThat(json(ok("models list", "--json")).get(0).get("name").asText()).isEqualTo("quick");
        assertThat(ok("models show", "quick")).contains("name: quick").contains("champion:");
        assertThat(ok("models show", "quick:1")).contains("version: 1");
        int champion = json(ok("models show", "quick@champion", "--json")).get("version").asInt();
        assertThat(champion).isGreaterThan(1);
        assertThat(ok("models alias", "quick", "staging", "1")).contains("quick@staging → version 1");
        // an older version goes back by hand past the gates (it may be slower than the champion): recorded as forced
        assertThat(ok("models promote", "quick", "1", "--force")).contains("quick@champion → version 1");
        assertThat(ok("models rollback", "quick")).contains("quick@champion → version " + champion);
    }

    @Test
    @Order(5)
    void scoringAndExport() throws IOException {
        // score's result is its output file; its rows/s goes to stderr with the progress
        COVERED.add("score");
        Path scored = dir.resolve("scored.csv");
        CliRun score = cli("score", "--model", "quick@champion", "--input", credit.toString(), "--output", scored.toString());
        assertThat(score.code()).as(score.err()).isZero();
        assertThat(score.err()).contains("rows/s");
        assertThat(Files.readAllLines(scored)).hasSize(Files.readAllLines(credit).size());
        assertThat(Files.readAllLines(scored).get(0)).startsWith("applicant_id,").contains(",prediction,p_");
        assertThat(ok("export", "--model", "quick@champion", "--out", dir.resolve("bundle").toString())).contains("bundle");
        String costed = ok("cost", "--bundle", dir.resolve("bundle").resolve("quick-bundle").toString());
        assertThat(costed).contains("spot share    0.0 % of the pods on spot nodes", "waste         unknown: needs a running server's /metrics");
    }

    @Test
    @Order(6)
    void dataCommands() throws IOException {
        assertThat(ok("profile", credit.toString())).contains("income");
        Path suite = dir.resolve("credit.suite.yaml");
        assertThat(ok("suite generate", credit.toString(), "--out", suite.toString())).contains("suite");
        assertThat(ok("validate", credit.toString(), "--suite", suite.toString())).contains("PASSED");
        Path incoming = Path.of("sample-data/credit/incoming/credit-2027-11.csv").toAbsolutePath();
        assertThat(ok("drift", credit.toString(), incoming.toString())).contains("income");
        assertThat(ok("datasets list")).contains("credit.csv");
        assertThat(ok("datasets show", credit.toString())).contains("credit.csv");
        assertThat(ok("datasets lineage", "quick@champion")).contains("credit.csv");
        assertThat(ok("ingest list")).startsWith("No change logs in ");
        assertThat(ok("datasets commit", credit.toString(), "--name", "credit", "--layer", "gold", "-m", "training rows")).startsWith("gold/credit@1: ");
        assertThat(ok("datasets commit", incoming.toString(), "--name", "credit", "--layer", "gold")).startsWith("gold/credit@2: ");
        assertThat(ok("datasets log", "credit")).contains("@2", "@1", "training rows");
        assertThat(ok("datasets diff", "credit@1", "credit@2")).contains("gold/credit@1 → gold/credit@2", "rows: ");
        assertThat(ok("datasets checkout", "credit@1", "--out", dir.resolve("credit-v1.csv").toString())).contains("gold/credit@1 → ");
        assertThat(ok("datasets gc", "--keep", "1")).startsWith("removed 1 versions");
    }

    @Test
    @Order(6)
    void featureCommands() throws IOException {
        Path samples = Path.of("sample-data/features").toAbsolutePath();
        String view = samples.resolve("customer_activity.yaml").toString();
        Path training = dir.resolve("churn_training.csv");
        assertThat(ok("features join", samples.resolve("churn_labels.csv").toString(), "--view", view, "--out", training.toString()))
                .startsWith(training + ": 1,200 rows × 8 columns").contains("values for 1,153 rows");
        assertThat(ok("features materialize", "--view", view)).startsWith("customer_activity: 300 entities written from 7,200 rows from the start");
        assertThat(ok("features get", "customer_activity", "7")).contains("\"entity\" : \"7\"", "\"spend_30d\"");
        assertThat(ok("features online")).startsWith("customer_activity: 300 entities by customer_id");
        assertThat(ok("features export-feast", "--view", view, "--out", dir.resolve("feast").toString())).contains("features.py",
                "customer_activity: 7,200 rows in data/customer_activity.parquet");
    }

    @Test
    @Order(7)
    void monitorCommands() throws IOException {
        Path monitor = Files.writeString(dir.resolve("quick-monitor.yaml"), """
                monitor: quick-monthly
                model: quick@champion
                reference: %s
                current:
                  folder: %s
                thresholds:
                  driftShare: 0.9
                  psi: 5
                """.formatted(credit, Path.of("sample-data/credit/incoming").toAbsolutePath()));
        assertThat(ok("monitor run", monitor.toString())).contains("quick-monthly");
        assertThat(ok("monitor list")).contains("quick-monthly");
        assertThat(ok("monitor history", "quick-monthly")).contains("share", "PSI");
    }

    @Test
    @Order(7)
    void scorecardCommand() throws IOException {
        // a measured criterion that misses its target exits 1 (as a failed validation); the rows are printed either way
        COVERED.add("scorecard");
        CliRun run = cli("scorecard", "quick@champion");
        assertThat(run.out()).startsWith("scorecard of quick:").contains("Data issues", "Degradation before retraining", "p99 latency",
                "Rollback time", "Spot share", "Waste");
        assertThat(run.code()).as(run.err()).isEqualTo(run.out().contains(" 0 failed,") ? 0 : 1);
        JsonNode card = json(cli("scorecard", "quick@champion", "--json").out());
        assertThat(card.get("criteria")).hasSize(6);
    }

    @Test
    @Order(7)
    void exportPipelineSizesTheTasksFromTheRunAbove() throws IOException {
        Path options = Files.writeString(dir.resolve("cluster.yaml"), "data: {root: %s}\n".formatted(credit.getParent()));
        String printed = ok("export-pipeline", dir.resolve("quick.yaml").toString(), "--target", "argo", "--out", dir.resolve("argo").toString(),
                "--options", options.toString());
        assertThat(printed).contains("quick: exported for Argo Workflows", "tasks, in order:", "after split", " in run ");
        assertThat(dir.resolve("argo/workflow-template.yaml")).exists();
    }

    @Test
    @Order(7)
    void abCommands() throws IOException {
        assertThat(ok("ab plan", "--baseline", "0.715", "--mde", "0.03", "--traffic", "2000/day")).contains("per variant: a 3,437, b 3,437", "days: 4");
        Path served = io.pipewright.loop.ab.ServedLogFixture.write(dir.resolve("served"), 1, 4000, 0.5, 0.70, 0.76);
        assertThat(ok("ab analyze", "--log", served.toString(), "--split", "0.5", "--model", "quick")).startsWith("verdict: switch").contains("quick:3");
    }

    @Test
    @Order(8)
    void helpOfEveryCommandFormatsWithoutWarnings() {
        var captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, Charset.defaultCharset()));
        try {
            for (String command : leafCommands()) {
                var args = new java.util.ArrayList<>(java.util.List.of(command.split(" ")));
                args.add("--help");
                CliRun help = CliRun.entry(Map.of(), args.toArray(String[]::new));
                assertThat(help.code()).isZero();
                assertThat(help.out()).as(command).contains("Usage: pipewright " + command);
            }
        } finally {
            System.setErr(original);
        }
        // picocli reports a description it cannot format (a bare %) on System.err
        assertThat(captured.toString(Charset.defaultCharset())).doesNotContain("WARN");
    }

    @Test
    @Order(9)
    void everyCommandHasACaseHere() {
        var expected = new TreeSet<>(leafCommands());
        expected.removeAll(RUN_ELSEWHERE.keySet());
        assertThat(COVERED).containsAll(expected);
    }

    @Test
    @Order(10)
    void theReadmeDocumentsEveryCommandAndNamesNoOtherCommand() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        var named = new TreeSet<String>();
        boolean fenced = false;
        boolean overview = false;
        for (String line : readme.split("\n")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                overview = false;
                continue;
            }
            if (fenced && line.equals("commands:")) {
                overview = true; // the command line's overview: "  runs list|show|compare   the runs ..."
            } else if (overview) {
                var entry = java.util.regex.Pattern.compile("^  ([a-z][a-z-]*)(?: ([a-z-]+(?:\\|[a-z-]+)*)(?=\\s))?").matcher(line);
                if (entry.find()) {
                    for (String sub : entry.group(2) == null ? new String[] {""} : entry.group(2).split("\\|")) {
                        named.add((entry.group(1) + " " + sub).strip());
                    }
                }
            } else if (fenced && line.matches("pipewright [a-z].*")) {
                named.add(line); // a synopsis or an example
            }
        }
        var quoted = java.util.regex.Pattern.compile("`(pipewright [a-z][^`]*)`").matcher(readme);
        while (quoted.find()) {
            named.add(quoted.group(1));
        }
        var documented = new TreeSet<String>();
        var unknown = new TreeSet<String>();
        for (String text : named) {
            String command = command(text.startsWith("pipewright ") ? text.substring("pipewright ".length()) : text);
            (command == null ? unknown : documented).add(command == null ? text : command);
        }
        assertThat(unknown).as("commands the README names that the command line does not have").isEmpty();
        assertThat(documented).as("commands the README documents").containsAll(leafCommands());
    }

    /**
     * The command that documented text names, as "runs show" (the words after it are its arguments), or
     * null when a word that must be a command is not one: the first word, or the word after a group.
     */
    private static String command(String text) {
        CommandLine line = Cli.fullCommandLine(Map.of());
        var path = new java.util.ArrayList<String>();
        for (String word : text.split("\\s+")) {
            if (line.getSubcommands().isEmpty()) {
                break;
            }
            CommandLine sub = line.getSubcommands().get(word);
            if (sub == null) {
                // after a group, a lower-case word must be one of its commands: a typo, or a command that is gone
                return path.isEmpty() || word.matches("[a-z][a-z-]*") ? null : String.join(" ", path);
            }
            path.add(word);
            line = sub;
        }
        return String.join(" ", path);
    }

    /** The commands that do work (not the groups that only list their subcommands), as "runs show". */
    private static Set<String> leafCommands() {
        var names = new TreeSet<String>();
        collect(Cli.fullCommandLine(Map.of()), names);
        return names;
    }

    private static void collect(CommandLine line, Set<String> names) {
        if (line.getSubcommands().isEmpty()) {
            names.add(line.getCommandSpec().qualifiedName().substring("pipewright ".length()));
            return;
        }
        line.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, names));
    }
}
