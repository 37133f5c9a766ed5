package io.pipewright.quality.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pipewright.data.DatasetException;
import io.pipewright.work.Progress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drift of files end to end: the test chosen per column, verdicts, schema differences, request logs, report size. */
class DriftTest {
    @TempDir
    Path dir;

    /**
     * Rows of: amount (normal, mean shifted by {@code shift} standard deviations), region (4 levels,
     * "west" weighted by {@code westBoost}), flag (yes/no), rating (1..4), and note (unique text).
     */
    static Path write(Path file, int rows, long seed, double shift, double westBoost) throws IOException {
        var random = new Random(seed);
        String[] regions = {"north", "south", "east", "west"};
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("amount,region,flag,rating,note\n");
            for (int i = 0; i < rows; i++) {
                double amount = 100 + 15 * (random.nextGaussian() + shift);
                String region = random.nextDouble() < westBoost ? "west" : regions[random.nextInt(4)];
                out.write(String.format(Locale.ROOT, "%.3f,%s,%s,%d,n%d-%d%n", amount, region, random.nextBoolean() ? "yes" : "no",
                        1 + random.nextInt(4), seed, i));
            }
        }
        return file;
    }

    @org.junit.jupiter.api.Test
    void aConstantColumnThatChangesItsValueHasASignificantPsi() throws java.io.IOException {
        var reference = new StringBuilder("version,x\n");
        var current = new StringBuilder("version,x\n");
        for (int i = 0; i < 2000; i++) {
            reference.append("1,").append(i % 97).append('\n');
            current.append("2,").append(i % 97).append('\n');
        }
        Path ref = java.nio.file.Files.writeString(dir.resolve("constant-ref.csv"), reference);
        Path cur = java.nio.file.Files.writeString(dir.resolve("constant-cur.csv"), current);

        var version = byName(compare(ref, cur, DriftOptions.defaults())).get("version");

        assertThat(version.psi()).as("every row moved out of the reference's only value").isGreaterThan(0.2);
        assertThat(version.psiBand()).isEqualTo("significant");
    }

    private static DriftReport compare(Path reference, Path current, DriftOptions options) {
        return Drift.compare(Drift.reader(reference), Drift.reader(current), options, Progress.NONE);
    }

    private static Map<String, DriftReport.ColumnDrift> byName(DriftReport report) {
        return report.columns().stream().collect(Collectors.toMap(DriftReport.ColumnDrift::name, Function.identity()));
    }

    @Test
    void smallReferenceGetsKsChiSquaredAndZ() throws IOException {
        Path ref = write(dir.resolve("ref.csv"), 800, 1, 0, 0);
        Path cur = write(dir.resolve("cur.csv"), 700, 2, 0.5, 0.3);

        DriftReport report = compare(ref, cur, DriftOptions.defaults().withThreads(2));

        var columns = byName(report);
        assertThat(columns.get("amount").test()).isEqualTo("ks");
        assertThat(columns.get("amount").reason()).startsWith("the reference has 800 values ≤ 1,000 and more than 64 distinct numeric values");
        assertThat(columns.get("amount").drifted()).isTrue();
        assertThat(columns.get("amount").pValue()).isLessThan(1e-6);
        assertThat(columns.get("region").test()).isEqualTo("chi_squared");
        assertThat(columns.get("region").drifted()).isTrue();
        assertThat(columns.get("flag").test()).isEqualTo("z");
        assertThat(columns.get("flag").type()).isEqualTo("boolean");
        assertThat(columns.get("flag").drifted()).as("same coin on both sides").isFalse();
        assertThat(columns.get("rating").test()).as("numbers with 4 distinct values").isEqualTo("chi_squared");
        assertThat(columns.get("rating").drifted()).isFalse();
        assertThat(report.skipped()).extracting(DriftReport.Skipped::name).containsExactly("note");
        assertThat(report.skipped().get(0).reason()).isEqualTo("identifier column (800 distinct values in 800)");
        assertThat(report.testedColumns()).isEqualTo(4);
        assertThat(report.driftedColumns()).isEqualTo(2);
        assertThat(report.datasetDrift()).as("2 of 4 at the default share 0.5").isTrue();
        assertThat(compare(ref, cur, DriftOptions.defaults().withDriftShare(0.75)).datasetDrift()).isFalse();
        assertThat(report.reference().rows()).isEqualTo(800);
        assertThat(report.current().rows()).isEqualTo(700);
        assertThat(report.schema().same()).isTrue();
    }

    @Test
    void ksMatchesScipyOnTheSameValues() throws IOException {
        // both sides small: exact KS; scipy.stats.ks_2samp of these two columns gives the same statistic
        Path ref = write(dir.resolve("ref.csv"), 300, 5, 0, 0);
        Path cur = write(dir.resolve("cur.csv"), 300, 6, 0.2, 0);
        var amounts = new double[2][];
        int side = 0;
        for (Path file : new Path[] {ref, cur}) {
            amounts[side++] = Files.readAllLines(file).stream().skip(1).mapToDouble(line -> Double.parseDouble(line.split(",")[0])).sorted().toArray();
        }
        double expected = DriftStatistics.ksDistance(amounts[0], amounts[1]);

        var amount = byName(compare(ref, cur, DriftOptions.defaults())).get("amount");

        assertThat(amount.statistic()).isEqualTo(expected);
        assertThat(amount.pValue()).isEqualTo(DriftStatistics.ksPValue(expected, 300, 300));
    }

    @Test
    void ksAgainstABigCurrentFileUsesItsSketchWithinAPercent() throws IOException {
        // 800 reference values (kept exactly) against 50,000 current ones (a sketch): D within 0.01 of the exact D
        Path ref = write(dir.resolve("ref.csv"), 800, 5, 0, 0);
        Path cur = write(dir.resolve("cur.csv"), 50_000, 6, 0.1, 0);
        var amounts = new double[2][];
        int side = 0;
        for (Path file : new Path[] {ref, cur}) {
            amounts[side++] = Files.readAllLines(file).stream().skip(1).mapToDouble(line -> Double.parseDouble(line.split(",")[0])).sorted().toArray();
        }
        double exact = DriftStatistics.ksDistance(amounts[0], amounts[1]);

        var amount = byName(compare(ref, cur, DriftOptions.defaults())).get("amount");

        assertThat(amount.test()).isEqualTo("ks");
        assertThat(amount.statistic()).isCloseTo(exact, org.assertj.core.api.Assertions.within(0.01));
    }

    @Test
    void largeReferenceGetsWassersteinAndJensenShannon() throws IOException {
        Path ref = write(dir.resolve("ref.csv"), 30_000, 1, 0, 0);
        Path same = write(dir.resolve("same.csv"), 20_000, 2, 0, 0);
        Path moved = write(dir.resolve("moved.csv"), 20_000, 3, 0.5, 0.3);

        var calm = byName(compare(ref, same, DriftOptions.defaults()));
        var shifted = byName(compare(ref, moved, DriftOptions.defaults()));

        assertThat(calm.get("amount").test()).isEqualTo("wasserstein");
        assertThat(calm.get("amount").pValue()).isNull();
        assertThat(calm.get("amount").threshold()).isEqualTo(0.1);
        assertThat(calm.get("amount").drifted()).isFalse();
        assertThat(calm.get("amount").psiBand()).isEqualTo("none");
        // a shift of half a standard deviation: the normed distance is about 0.5 (within 0.05: sketch and sampling error)
        assertThat(shifted.get("amount").statistic()).isBetween(0.45, 0.55);
        assertThat(shifted.get("amount").drifted()).isTrue();
        assertThat(shifted.get("amount").psiBand()).isEqualTo("significant");
        assertThat(calm.get("region").test()).isEqualTo("jensen_shannon");
        assertThat(calm.get("region").drifted()).isFalse();
        assertThat(shifted.get("region").drifted()).isTrue();
        assertThat(calm.get("rating").test()).as("numbers with 4 distinct values").isEqualTo("jensen_shannon");
        assertThat(shifted.get("amount").histogram().edges()).hasSize(21);
        // past 1,000 levels whose first 1,000 never repeat: an identifier, not tested
        assertThat(compare(ref, moved, DriftOptions.defaults()).skipped()).singleElement()
                .isEqualTo(new DriftReport.Skipped("note", "identifier column (more than 1,000 distinct values in 30,000)"));
        assertThat(shifted.get("amount").histogram().reference().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0,
                org.assertj.core.api.Assertions.within(1e-3));
    }

    @Test
    void theTargetIsReportedApart() throws IOException {
        Path ref = write(dir.resolve("ref.csv"), 2000, 1, 0, 0);
        Path cur = write(dir.resolve("cur.csv"), 2000, 2, 0, 0.4);

        DriftReport report = compare(ref, cur, DriftOptions.defaults().withTarget("region"));

        assertThat(report.target().name()).isEqualTo("region");
        assertThat(report.target().drifted()).isTrue();
        assertThat(report.columns()).extracting(DriftReport.ColumnDrift::name).doesNotContain("region");
        assertThat(report.testedColumns()).isEqualTo(3);
        assertThat(report.datasetDrift()).isFalse();
    }

    @Test
    void differentSchemasAreReportedNotFatal() throws IOException {
        Path ref = write(dir.resolve("ref.csv"), 500, 1, 0, 0);
        var text = new StringBuilder("amount,region,extra,rating\n");
        for (int i = 0; i < 400; i++) {
            text.append(i % 2 == 0 ? "n/a" : Integer.toString(90 + i % 20)).append(",north,").append(i).append(",high\n");
        }
        Path cur = Files.writeString(dir.resolve("cur.csv"), text);

        DriftReport report = compare(ref, cur, DriftOptions.defaults());

        assertThat(report.schema().onlyInReference()).containsExactly("flag", "note");
        assertThat(report.schema().onlyInCurrent()).containsExactly("extra");
        assertThat(report.schema().typeMismatches()).extracting(DriftReport.TypeMismatch::column).containsExactly("amount", "rating");
        var amount = report.schema().typeMismatches().get(0);
        assertThat(amount.reference()).isEqualTo("numeric");
        assertThat(amount.current()).isEqualTo("text");
        assertThat(amount.invalidShare()).isEqualTo(0.5);
        assertThat(report.schema().typeMismatches().get(1).invalidShare()).isEqualTo(1.0);
        assertThat(report.skipped()).anySatisfy(skipped -> {
            assertThat(skipped.name()).isEqualTo("rating");
            assertThat(skipped.reason()).contains("no valid values").contains("400 that do not fit");
        });
        assertThat(byName(report).get("amount").drifted()).isTrue();
        String html = DriftHtml.render(report);
        assertThat(html).contains("Only in the reference: flag, note").contains("Only in the current data: extra")
                .contains("amount: numeric in the reference, text in the current data (50% of its values do not fit)");
        assertThat(report.toJson()).contains("\"onlyInCurrent\" : [ \"extra\" ]");
    }

    @Test
    void anEmptyCurrentFileIsBadInput() throws IOException {
        Path ref = write(dir.resolve("ref.csv"), 100, 1, 0, 0);
        Path headerOnly = Files.writeString(dir.resolve("header.csv"), "amount,region,flag,rating,note\n");
        Path zero = Files.writeString(dir.resolve("zero.csv"), "");

        assertThat(catchThrowable(() -> compare(ref, headerOnly, DriftOptions.defaults()))).isInstanceOf(DatasetException.class)
                .hasMessage("header.csv: no rows to compare (the current data is empty)");
        assertThat(catchThrowable(() -> compare(ref, zero, DriftOptions.defaults()))).isInstanceOf(DatasetException.class)
                .hasMessage("zero.csv: the file is empty");
    }

    @Test
    void anErrorInTheMiddleOfTheCurrentFileIsReportedAsItself() throws IOException {
        Path ref = write(dir.resolve("ref.csv"), 60_000, 1, 0, 0);
        Path plain = write(dir.resolve("plain.csv"), 60_000, 2, 0, 0);
        Path gz = dir.resolve("cut.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(plain, out);
        }
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(bytes, bytes.length * 2 / 3));

        assertThat(catchThrowable(() -> compare(ref, gz, DriftOptions.defaults().withThreads(2)))).isInstanceOf(DatasetException.class)
                .hasMessage("cut.csv.gz: the file ends early (truncated or still being written)");
    }

    @Test
    void aRequestLogFolderIsTheCurrentSide() throws Exception {
        Path ref = write(dir.resolve("ref.csv"), 600, 1, 0, 0);
        Path log = Files.createDirectories(dir.resolve("log"));
        var random = new Random(9);
        String[] names = {"requests-1700000000000-200.jsonl", "requests-1700000500000-400.jsonl", "requests.jsonl"};
        for (String name : names) {
            var lines = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                lines.append(String.format(Locale.ROOT,
                        "{\"_time\":\"2026-11-27T10:00:00Z\",\"amount\":%.2f,\"region\":\"%s\",\"flag\":\"%s\",\"rating\":%d,\"prediction\":%d}%n",
                        100 + 15 * random.nextGaussian() + 20, "north", random.nextBoolean() ? "yes" : "no", 1 + random.nextInt(4), random.nextInt(2)));
            }
            Files.writeString(log.resolve(name), lines);
        }
        // the server writes on: half a line at the end of the live file is not read
        Files.writeString(log.resolve("requests.jsonl"), "{\"_time\":\"2026-11-27T10:05:00Z\",\"amount\":1", java.nio.file.StandardOpenOption.APPEND);
        var sha = MessageDigest.getInstance("SHA-256");
        for (String name : names) {
            byte[] bytes = Files.readAllBytes(log.resolve(name));
            String complete = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            complete = complete.substring(0, complete.lastIndexOf('\n') + 1);
            sha.update(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(complete.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }

        DriftReport report = compare(ref, log, DriftOptions.defaults());

        assertThat(report.current().rows()).isEqualTo(600);
        assertThat(report.current().format()).isEqualTo("JSON Lines");
        assertThat(report.current().sha256()).isEqualTo(HexFormat.of().formatHex(sha.digest()));
        assertThat(report.current().columns()).extracting(DriftReport.Column::name).doesNotContain("_time");
        assertThat(report.schema().onlyInCurrent()).isEmpty();
        assertThat(report.schema().onlyInReference()).containsExactly("note");
        assertThat(report.skipped()).anySatisfy(skipped -> {
            assertThat(skipped.name()).isEqualTo("prediction");
            assertThat(skipped.reason()).startsWith("model output");
        });
        assertThat(byName(report).get("amount").drifted()).isTrue();
        assertThat(byName(report).get("region").drifted()).isTrue();
        assertThat(byName(report).get("rating").drifted()).isFalse();
    }

    @Test
    void aFolderWithoutRequestLogsIsBadInput() throws IOException {
        Path ref = write(dir.resolve("ref.csv"), 100, 1, 0, 0);
        Path empty = Files.createDirectories(dir.resolve("served"));
        Files.writeString(empty.resolve("notes.txt"), "nothing here");

        assertThat(catchThrowable(() -> compare(ref, empty, DriftOptions.defaults()))).isInstanceOf(DatasetException.class)
                .hasMessage("served: no request log in this folder (no requests*.jsonl file)");
    }

    @Test
    void theHtmlReportDoesNotGrowWithRows() throws IOException {
        Path bigRef = write(dir.resolve("big-ref.csv"), 200_000, 1, 0, 0);
        Path bigCur = write(dir.resolve("big-cur.csv"), 200_000, 2, 0.3, 0.1);
        Path smallRef = write(dir.resolve("small-ref.csv"), 20_000, 1, 0, 0);
        Path smallCur = write(dir.resolve("small-cur.csv"), 20_000, 2, 0.3, 0.1);

        String big = DriftHtml.render(compare(bigRef, bigCur, DriftOptions.defaults()));
        String small = DriftHtml.render(compare(smallRef, smallCur, DriftOptions.defaults()));

        assertThat(big.length()).isLessThan(2_000_000);
        // within 3 %: only the digits of counts and statistics differ
        assertThat((double) big.length()).isCloseTo(small.length(), org.assertj.core.api.Assertions.within(small.length() * 0.03));
        assertThat(big).contains("<svg").doesNotContain("<script").doesNotContain("src=");
        assertThat(big.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void theJsonReportReadsBack() throws IOException {
        Path ref = write(dir.resolve("ref.csv"), 500, 1, 0, 0);
        Path cur = write(dir.resolve("cur.csv"), 500, 2, 0, 0);
        DriftReport report = compare(ref, cur, DriftOptions.defaults());

        DriftReport back = DriftReport.fromJson(report.toJson());

        assertThat(back.columns()).isEqualTo(report.columns());
        assertThat(back.reference()).isEqualTo(report.reference());
        assertThat(report.toJson()).contains("\"pValue\"").contains("\"datasetDrift\" : false");
    }
}
