package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.loop.ab.ServedLogFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `pipewright ab plan` and `pipewright ab analyze` through the real entry point: what they print, their JSON, their exit codes. */
class AbCommandTest {
    @TempDir
    Path dir;

    private CliRun ab(String... args) {
        var all = new java.util.ArrayList<String>();
        all.add("ab");
        all.addAll(java.util.List.of(args));
        return CliRun.in(dir.resolve("home"), all.toArray(String[]::new));
    }

    private static JsonNode json(String text) throws IOException {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aPlanPrintsTheSamplePerVariantTheTotalAndTheDays() {
        CliRun run = ab("plan", "--baseline", "0.10", "--mde", "0.02", "--traffic", "5000/day");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("A proportion from 0.1 to 0.12, two-proportion z-test, alpha 0.05 two-sided, power 0.8, 50 % to b:")
                .contains("per variant: a 3,841, b 3,841").contains("total: 7,682").contains("days: 2 at 5,000 a day");
    }

    @Test
    void aPlanAsJsonHasPerVariantTotalAndDays() throws IOException {
        CliRun run = ab("plan", "--baseline", "0.10", "--mde", "0.02", "--split", "0.1", "--traffic", "2000", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode plan = json(run.out());
        assertThat(plan.get("perVariant").get("a").asLong()).isEqualTo(18691);
        assertThat(plan.get("perVariant").get("b").asLong()).isEqualTo(2077);
        assertThat(plan.get("total").asLong()).isEqualTo(20768);
        assertThat(plan.get("days").asLong()).isEqualTo(11);
        assertThat(plan.get("test").asText()).isEqualTo("two-proportion-z");
    }

    @Test
    void aPlanForAMeanIsWelchsWithTheStandardDeviation() throws IOException {
        Path out = dir.resolve("plan.json");
        CliRun run = ab("plan", "--baseline", "250", "--mde", "-10", "--sd", "40", "--json", out.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("A mean from 250 to 240 (sd 40), Welch's t-test");
        assertThat(json(Files.readString(out)).get("test").asText()).isEqualTo("welch");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "power 1.5      | --power 1.5               | pipewright: --power must be between 0 and 1 (exclusive), not 1.5 (see 'pipewright ab plan --help')",
        "mde 0          | --mde 0                   | pipewright: --mde must not be 0: an effect of 0 needs an infinite sample (see 'pipewright ab plan --help')",
        "alpha 0        | --alpha 0                 | pipewright: --alpha must be between 0 and 1 (exclusive), not 0 (see 'pipewright ab plan --help')",
        "alpha 1        | --alpha 1                 | pipewright: --alpha must be between 0 and 1 (exclusive), not 1 (see 'pipewright ab plan --help')",
        "split 1        | --split 1                 | pipewright: --split must be between 0 and 1 (exclusive), not 1 (see 'pipewright ab plan --help')",
        "above 1        | --mde 0.95                | pipewright: --baseline + --mde must stay between 0 and 1 (exclusive): 0.1 + 0.95 = 1.05 (see 'pipewright ab plan --help')",
        "traffic words  | --traffic lots            | pipewright: --traffic must be a number of observations a day (5000 or 5000/day), not 'lots' (see 'pipewright ab plan --help')",
        "traffic 0      | --traffic 0               | pipewright: --traffic must be a positive number of observations a day, not 0 (see 'pipewright ab plan --help')",
    })
    void impossiblePlansAreOneLineAndExit2(String name, String option, String message) {
        var args = new java.util.ArrayList<>(java.util.List.of("plan", "--baseline", "0.1", "--mde", "0.02"));
        String[] words = option.split(" ");
        int at = args.indexOf(words[0]);
        if (at >= 0) {
            args.set(at + 1, words[1]);
        } else {
            args.addAll(java.util.List.of(words));
        }
        CliRun run = ab(args.toArray(String[]::new));
        assertThat(run.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(run.errLines()).containsExactly(message);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anAnalysisOfAServedExperimentWithABetterBSaysSwitch() throws IOException {
        Path served = ServedLogFixture.write(dir.resolve("served"), 1, 4000, 0.5, 0.70, 0.76);
        CliRun run = ab("analyze", "--log", served.toString(), "--split", "0.5", "--model", "credit-risk");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("verdict: switch (b is better on accuracy: the always-valid p-value fell below 0.05 at labelled prediction ")
                .contains("credit-risk:2").contains("credit-risk:3").contains("difference b - a in accuracy: +0.0")
                .contains("sample ratio: b got").contains("passed").contains("sequential: mSPRT, normal mixture (tau 0.1)");
        CliRun asJson = ab("analyze", "--log", served.toString(), "--split", "0.5", "--model", "credit-risk", "--json");
        JsonNode analysis = json(asJson.out());
        assertThat(analysis.get("verdict").asText()).isEqualTo("switch");
        assertThat(analysis.get("metric").asText()).isEqualTo("accuracy");
        assertThat(analysis.get("variants").get("b").get("version").asText()).isEqualTo("credit-risk:3");
        assertThat(analysis.get("variants").get("a").get("n").asLong()).isPositive();
        for (String field : new String[] {"value", "low", "high"}) {
            assertThat(analysis.get("variants").get("a").get(field).isNumber()).isTrue();
            assertThat(analysis.get("difference").get(field).isNumber()).isTrue();
        }
        assertThat(analysis.get("difference").get("pValue").asDouble()).isLessThan(0.05);
        assertThat(analysis.get("sampleRatio").get("passed").asBoolean()).isTrue();
        assertThat(analysis.get("sampleRatio").get("expected").asDouble()).isEqualTo(0.5);
        assertThat(analysis.get("sequential").get("method").asText()).isEqualTo("mSPRT");
        assertThat(analysis.get("sequential").get("pValue").asDouble()).isLessThan(0.05);
        assertThat(analysis.get("sequential").get("decidedAt").asLong()).isBetween(60L, 4000L);
    }

    @Test
    void noDifferenceIsInconclusiveAndExits0() {
        Path served = ServedLogFixture.write(dir.resolve("served"), 3, 4000, 0.5, 0.72, 0.72);
        CliRun run = ab("analyze", "--log", served.toString(), "--split", "0.5");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("verdict: inconclusive (no difference shown yet");
    }

    @Test
    void aSampleRatioMismatchIsInvalidAndExits1() throws IOException {
        Path served = ServedLogFixture.write(dir.resolve("served"), 4, 4000, 0.45, 0.70, 0.80);
        Path out = dir.resolve("analysis.json");
        CliRun run = ab("analyze", "--log", served.toString(), "--split", "0.5", "--model", "credit-risk", "--json", out.toString());
        assertThat(run.code()).isEqualTo(Cli.FAILED);
        assertThat(run.out()).startsWith("verdict: invalid: sample ratio mismatch (b was assigned 4").contains("FAILED (fails below 0.001)");
        JsonNode analysis = json(Files.readString(out));
        assertThat(analysis.get("verdict").asText()).isEqualTo("invalid: sample ratio mismatch");
        assertThat(analysis.get("sampleRatio").get("passed").asBoolean()).isFalse();
    }

    @Test
    void aMalformedLogLineIsNamedByFileAndLine() throws IOException {
        Path served = ServedLogFixture.write(dir.resolve("served"), 1, 200, 0.5, 0.70, 0.76);
        var lines = new java.util.ArrayList<>(Files.readAllLines(served.resolve("feedback.jsonl")));
        lines.set(6, "{\"_id\": \"req-6\", \"_variant\": \"a\", \"prediction\": ");
        Files.write(served.resolve("feedback.jsonl"), lines);
        CliRun run = ab("analyze", "--log", served.toString(), "--split", "0.5");
        assertThat(run.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("pipewright: " + served.resolve("feedback.jsonl") + ", line 7: not a JSON object (");
    }

    @Test
    void aLogLineOfAServerWithoutASplitIsNamed() throws IOException {
        Path served = ServedLogFixture.write(dir.resolve("served"), 1, 200, 0.5, 0.70, 0.76);
        var lines = new java.util.ArrayList<>(Files.readAllLines(served.resolve("requests.jsonl")));
        lines.set(2, lines.get(2).replace("\"_variant\":\"a\",", "").replace("\"_variant\":\"b\",", ""));
        Files.write(served.resolve("requests.jsonl"), lines);
        CliRun run = ab("analyze", "--log", served.toString(), "--split", "0.5");
        assertThat(run.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(run.errLines()).containsExactly("pipewright: " + served.resolve("requests.jsonl")
                + ", line 3: no _variant: not the log of an A/B split (pipewright serve --ab … --split …)");
    }

    @Test
    void aLineTheServerIsStillWritingIsLeftOut() throws IOException {
        Path served = ServedLogFixture.write(dir.resolve("served"), 1, 200, 0.5, 0.70, 0.76);
        Files.writeString(served.resolve("feedback.jsonl"), "{\"_time\":\"2026-11-03T00:00:00Z\",\"_id\":\"req-9",
                java.nio.file.StandardOpenOption.APPEND);
        CliRun run = ab("analyze", "--log", served.toString(), "--split", "0.5", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode analysis = json(run.out());
        assertThat(analysis.get("variants").get("a").get("n").asLong() + analysis.get("variants").get("b").get("n").asLong()).isEqualTo(200);
    }

    @Test
    void twoScoredFilesAreAnalysedAndAMalformedRowIsNamed() throws IOException {
        var a = new StringBuilder("prediction,label\n");
        var b = new StringBuilder("prediction,label\n");
        for (int i = 0; i < 500; i++) {
            a.append(i % 10 < 7 ? "yes,yes\n" : "yes,no\n");
            b.append(i % 10 < 8 ? "no,no\n" : "no,yes\n");
        }
        Path fileA = Files.writeString(dir.resolve("a.csv"), a);
        Path fileB = Files.writeString(dir.resolve("b.csv"), b);
        CliRun run = ab("analyze", "--a", fileA.toString(), "--b", fileB.toString(), "--a-version", "credit-risk:2", "--b-version", "credit-risk:3",
                "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode analysis = json(run.out());
        assertThat(analysis.get("verdict").asText()).isEqualTo("switch");
        assertThat(analysis.get("variants").get("a").get("value").asDouble()).isEqualTo(0.7);
        assertThat(analysis.get("variants").get("b").get("version").asText()).isEqualTo("credit-risk:3");

        Files.writeString(fileB, "prediction,label\nno,no\nno\n");
        CliRun bad = ab("analyze", "--a", fileA.toString(), "--b", fileB.toString());
        assertThat(bad.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(bad.errLines()).containsExactly("pipewright: " + fileB + ", line 3: 1 fields, the header has 2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "nothing         | analyze                                  | pipewright: give --log DIR (a server's request log) or --a FILE --b FILE (two scored files) (see 'pipewright ab analyze --help')",
        "log, no split   | analyze --log served                     | pipewright: --split FRACTION is required with --log: the share the server sent to b (serve --split) (see 'pipewright ab analyze --help')",
        "a alone         | analyze --a a.csv                        | pipewright: --a and --b go together: give both scored files (see 'pipewright ab analyze --help')",
        "split 1         | analyze --log served --split 1           | pipewright: --split must be a fraction between 0 and 1 (exclusive), not 1 (see 'pipewright ab analyze --help')",
        "metric          | analyze --log served --split 0.5 --metric auc | pipewright: --metric must be accuracy or mae, not 'auc' (see 'pipewright ab analyze --help')",
        "no folder       | analyze --log nowhere --split 0.5        | pipewright: nowhere: no such folder (the --log-requests folder of pipewright serve --ab)",
    })
    void badAnalyzeUsageIsOneLineAndExit2(String name, String words, String message) {
        ServedLogFixture.write(dir.resolve("served"), 1, 100, 0.5, 0.7, 0.7);
        var args = java.util.Arrays.stream(words.split(" ")).map(word -> word.equals("served") ? dir.resolve("served").toString() : word).toList();
        CliRun run = ab(args.toArray(String[]::new));
        assertThat(run.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(run.errLines()).containsExactly(message.replace(" served ", " " + dir.resolve("served") + " "));
    }
}
