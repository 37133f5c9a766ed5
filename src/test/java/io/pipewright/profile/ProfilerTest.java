package io.pipewright.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.data.ColumnType;
import io.pipewright.data.DatasetException;
import io.pipewright.data.DatasetReader;
import io.pipewright.profile.DatasetProfile.Alert;
import io.pipewright.work.Progress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profiler against datasets with known properties, built from seeded randomness. Tolerances:
 * moments 1e-9 relative; quantiles 1 % of rank; approximate distinct counts 5 %.
 */
class ProfilerTest {

    @TempDir
    static Path dir;

    static final int N = 20_000;
    static final String[] CATEGORIES = {"a", "a", "a", "a", "b", "b", "b", "c", "c", "d"}; // 40/30/20/10 %

    /** The generated dataset, and the values its columns should have. */
    static Path people;
    static List<Double> xValues = new ArrayList<>();      // non-missing x, as written
    static int xMissing;
    static List<Double> logValues = new ArrayList<>();
    static long yes;
    static HashSet<String> words = new HashSet<>();

    static Path alerts;
    static DatasetProfile alertsProfile;

    @BeforeAll
    static void generate() throws IOException {
        people = dir.resolve("people.csv");
        var random = new Random(20240229L);
        var dmy = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.ROOT);
        LocalDate start = LocalDate.of(2020, 1, 1);
        try (BufferedWriter out = Files.newBufferedWriter(people, StandardCharsets.UTF_8)) {
            out.write("id,x,lognormal,flag,when,dmy,cat,words\n");
            for (int i = 0; i < N; i++) {
                var line = new StringBuilder();
                line.append(i + 1).append(',');
                if (random.nextDouble() < 0.05) {
                    xMissing++;
                } else {
                    String x = String.format(Locale.ROOT, "%.4f", 50 + 10 * random.nextGaussian());
                    xValues.add(Double.parseDouble(x));
                    line.append(x);
                }
                line.append(',');
                String log = String.format(Locale.ROOT, "%.6f", Math.exp(random.nextGaussian()));
                logValues.add(Double.parseDouble(log));
                line.append(log).append(',');
                boolean flag = random.nextDouble() < 0.3;
                yes += flag ? 1 : 0;
                line.append(flag ? "yes" : "no").append(',');
                line.append(start.plusDays(random.nextInt(2000))).append(',');
                LocalDate date = i == 0 ? LocalDate.of(2021, 3, 25) : start.plusDays(random.nextInt(3000));
                line.append(dmy.format(date)).append(',');
                line.append(CATEGORIES[i % CATEGORIES.length]).append(',');
                String word = "w" + random.nextInt(3000);
                words.add(word);
                line.append(word).append('\n');
                out.write(line.toString());
            }
        }

        alerts = dir.resolve("alerts.csv");
        random = new Random(99);
        int rows = 10_000;
        try (BufferedWriter out = Files.newBufferedWriter(alerts, StandardCharsets.UTF_8)) {
            out.write("const,zeros,a,b,card60,imb,miss,inf,uniq,empty,datesish,skew\n");
            for (int i = 0; i < rows; i++) {
                double a = random.nextGaussian();
                String datesish = i % 20 == 0 ? (i % 40 == 0 ? "unknown" : "pending") : start.plusDays(random.nextInt(3000)).toString();
                out.write(String.join(",",
                        "k",
                        i % 10 < 3 ? "0" : Integer.toString(1 + random.nextInt(100)),
                        String.format(Locale.ROOT, "%.6f", a),
                        String.format(Locale.ROOT, "%.6f", 2 * a + 0.01 * random.nextGaussian()),
                        "c" + (i % 60),
                        i % 100 == 0 ? "b" : i % 100 == 1 ? "c" : "a",
                        i % 10 == 5 ? "" : Integer.toString(random.nextInt(1000)),
                        i % 500 == 7 ? "inf" : String.format(Locale.ROOT, "%.3f", random.nextGaussian()),
                        "u" + i,
                        "",
                        datesish,
                        i == 4321 ? "1000000000" : String.format(Locale.ROOT, "%.5f", 0.01 * random.nextDouble())) + "\n");
            }
        }
        alertsProfile = profile(alerts, Profiler.Options.defaults());
    }

    static DatasetProfile profile(Path file, Profiler.Options options) {
        return profile(DatasetReader.open(file), options);
    }

    static DatasetProfile profile(DatasetReader reader, Profiler.Options options) {
        return new Profiler().profile(reader, options, new Profiler.Listener() {
        }, Progress.NONE);
    }

    static void assertRelative(double actual, double expected, String what) {
        assertThat(Math.abs(actual - expected)).as("%s: %s vs %s", what, actual, expected)
                .isLessThanOrEqualTo(1e-9 * Math.max(1e-300, Math.abs(expected)));
    }

    static List<AlertType> alertTypes(DatasetProfile profile, String column) {
        return profile.alerts().stream().filter(alert -> column.equals(alert.column())).map(Alert::type).toList();
    }

    // ---------------------------------------------------------------- statistics

    @Test
    void countsAndMissingAreExact() {
        DatasetProfile profile = profile(people, Profiler.Options.defaults());
        assertThat(profile.rows()).isEqualTo(N);
        assertThat(profile.columns()).extracting(ColumnProfile::name)
                .containsExactly("id", "x", "lognormal", "flag", "when", "dmy", "cat", "words");
        var x = profile.column("x");
        assertThat(x.count()).isEqualTo(xValues.size());
        assertThat(x.missing()).isEqualTo(xMissing);
        assertThat(x.count() + x.missing()).isEqualTo(N);
        assertThat(profile.missingCells()).isEqualTo(xMissing);
        for (ColumnProfile column : profile.columns()) {
            assertThat(column.count() + column.missing()).as(column.name()).isEqualTo(N);
        }
        assertThat(profile.column("flag").trueCount()).isEqualTo(yes);
        assertThat(profile.column("flag").falseCount()).isEqualTo(N - yes);
        assertThat(profile.complete()).isTrue();
        assertThat(profile.duplicateRows()).isZero();
        assertThat(profile.duplicateRowsExact()).isTrue();
    }

    @Test
    void momentsMatchADirectComputation() {
        DatasetProfile profile = profile(people, Profiler.Options.defaults());
        var x = profile.column("x");
        double[] values = xValues.stream().mapToDouble(Double::doubleValue).toArray();
        double mean = Arrays.stream(values).sum() / values.length;
        double ss = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        assertRelative(x.mean(), mean, "mean");
        assertRelative(x.stddev(), Math.sqrt(ss / (values.length - 1)), "stddev");
        assertThat(((Number) x.min()).doubleValue()).isEqualTo(Arrays.stream(values).min().orElseThrow());
        assertThat(((Number) x.max()).doubleValue()).isEqualTo(Arrays.stream(values).max().orElseThrow());
        assertThat(x.integer()).isFalse();
        assertThat(x.zeros()).isZero();
        assertThat(x.infinite()).isZero();
        assertThat(x.nan()).isZero();
    }

    /** pandas' Series.skew(): n √(n−1) / (n−2) · M3 / M2^1.5, with M_k the sums of (x − mean)^k. */
    static double pandasSkew(double[] values) {
        double n = values.length;
        double mean = Arrays.stream(values).sum() / n;
        double m2 = Arrays.stream(values).map(v -> Math.pow(v - mean, 2)).sum();
        double m3 = Arrays.stream(values).map(v -> Math.pow(v - mean, 3)).sum();
        return n * Math.sqrt(n - 1) / (n - 2) * m3 / Math.pow(m2, 1.5);
    }

    /** pandas' Series.kurt(): n(n+1)(n−1) M4 / ((n−2)(n−3) M2²) − 3 (n−1)² / ((n−2)(n−3)). */
    static double pandasKurt(double[] values) {
        double n = values.length;
        double mean = Arrays.stream(values).sum() / n;
        double m2 = Arrays.stream(values).map(v -> Math.pow(v - mean, 2)).sum();
        double m4 = Arrays.stream(values).map(v -> Math.pow(v - mean, 4)).sum();
        return n * (n + 1) * (n - 1) * m4 / ((n - 2) * (n - 3) * m2 * m2) - 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3));
    }

    @Test
    void skewnessAndKurtosisAsPandas() throws IOException {
        // a small known sample: pandas' formulas give skew 1.942369, kurt 4.055859 for these (computed apart, in Python)
        Path small = Files.writeString(dir.resolve("small.csv"), "v\n1\n2\n3\n4\n10\n2\n");
        var v = profile(small, Profiler.Options.defaults()).column("v");
        double[] sample = {1, 2, 3, 4, 10, 2};
        assertRelative(v.skewness(), pandasSkew(sample), "skew of the small sample");
        assertRelative(v.kurtosis(), pandasKurt(sample), "kurtosis of the small sample");
        assertThat(v.skewness()).isCloseTo(1.942369, within(1e-6));
        assertThat(v.kurtosis()).isCloseTo(4.055859, within(1e-6));

        // a large one, merged from many chunks
        var log = profile(DatasetReader.open(people).chunkBytes(1024), Profiler.Options.defaults().withThreads(4)).column("lognormal");
        double[] values = logValues.stream().mapToDouble(Double::doubleValue).toArray();
        assertRelative(log.skewness(), pandasSkew(values), "skew of lognormal");
        assertRelative(log.kurtosis(), pandasKurt(values), "kurtosis of lognormal");
        assertThat(log.skewness()).isGreaterThan(3); // the lognormal's skew is about 6 in theory
    }

    @Test
    void quantilesWithinOnePercentOfRank() {
        var x = profile(people, Profiler.Options.defaults()).column("x");
        double[] sorted = xValues.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] ps = {0.05, 0.25, 0.5, 0.75, 0.95};
        double[] qs = {x.quantiles().p05(), x.quantiles().p25(), x.quantiles().p50(), x.quantiles().p75(), x.quantiles().p95()};
        for (int i = 0; i < ps.length; i++) {
            double q = qs[i];
            double below = Arrays.stream(sorted).filter(value -> value < q).count() / (double) sorted.length;
            double atOrBelow = Arrays.stream(sorted).filter(value -> value <= q).count() / (double) sorted.length;
            assertThat(ps[i]).as("rank of p%02.0f = %s in [%s, %s]", 100 * ps[i], q, below, atOrBelow)
                    .isBetween(below - 0.01, atOrBelow + 0.01);
        }
        assertThat(qs).isSorted();
    }

    @Test
    void histogramCountsAddUpToTheCount() {
        DatasetProfile profile = profile(people, Profiler.Options.defaults());
        for (String name : List.of("x", "lognormal", "id")) {
            var column = profile.column(name);
            var histogram = column.histogram();
            assertThat(histogram).as(name).isNotNull();
            assertThat(histogram.edges()).hasSize(histogram.counts().length + 1);
            assertThat(Arrays.stream(histogram.counts()).sum()).as(name).isEqualTo(column.count());
            assertThat(Arrays.stream(histogram.counts()).min().orElseThrow()).isNotNegative();
            assertThat(histogram.edges()[0]).isEqualTo(((Number) column.min()).doubleValue());
            assertThat(histogram.edges()[histogram.edges().length - 1]).isEqualTo(((Number) column.max()).doubleValue());
        }
    }

    @Test
    void distinctIsExactBelowTheLimitAndApproximateAbove() throws IOException {
        DatasetProfile profile = profile(people, Profiler.Options.defaults());
        assertThat(profile.column("words").distinct()).isEqualTo(words.size());
        assertThat(profile.column("words").distinctExact()).isTrue();
        assertThat(profile.column("cat").distinct()).isEqualTo(4);
        assertThat(profile.column("x").distinct()).isEqualTo(new HashSet<>(xValues).size());

        Path many = dir.resolve("many.csv");
        var random = new Random(11);
        var numbers = new HashSet<Integer>();
        var texts = new HashSet<String>();
        try (BufferedWriter out = Files.newBufferedWriter(many)) {
            out.write("n,s\n");
            for (int i = 0; i < 60_000; i++) {
                int n = random.nextInt(1_000_000);
                String s = "s" + random.nextInt(40_000);
                numbers.add(n);
                texts.add(s);
                out.write(n + "," + s + "\n");
            }
        }
        DatasetProfile big = profile(DatasetReader.open(many).chunkBytes(4096), Profiler.Options.defaults().withThreads(4));
        assertThat(numbers.size()).isGreaterThan(20_000);
        assertThat(texts.size()).isGreaterThan(20_000);
        assertThat(big.column("n").distinctExact()).isFalse();
        assertThat((double) big.column("n").distinct()).isCloseTo(numbers.size(), within(0.05 * numbers.size()));
        assertThat(big.column("s").distinctExact()).isFalse();
        assertThat((double) big.column("s").distinct()).isCloseTo(texts.size(), within(0.05 * texts.size()));
    }

    @Test
    void topValuesAreExactAndOrdered() {
        var cat = profile(people, Profiler.Options.defaults()).column("cat");
        assertThat(cat.top()).containsExactly(
                new ColumnProfile.TopValue("a", N * 4 / 10),
                new ColumnProfile.TopValue("b", N * 3 / 10),
                new ColumnProfile.TopValue("c", N * 2 / 10),
                new ColumnProfile.TopValue("d", N / 10));
        var flag = profile(people, Profiler.Options.defaults()).column("flag");
        assertThat(flag.top()).hasSize(2);
        assertThat(flag.top().get(0).count() + flag.top().get(1).count()).isEqualTo(N);
    }

    @Test
    void duplicateRowsAreCountedExactly() throws IOException {
        var text = new StringBuilder("a,b\n");
        for (int i = 0; i < 100; i++) {
            text.append(i).append(",v").append(i % 7).append('\n');
        }
        for (int copy = 0; copy < 7; copy++) {
            text.append(copy * 3).append(",v").append(copy * 3 % 7).append('\n'); // 7 copies of existing rows
        }
        text.append("5,v5\n5,v5\n"); // two more copies of row 5 ("5,v5"); row 5 is 5,v5
        text.append("200,\n200,\n"); // missing values count as values of the row
        Path file = Files.writeString(dir.resolve("dups.csv"), text.toString());
        DatasetProfile profile = profile(DatasetReader.open(file).chunkBytes(1024), Profiler.Options.defaults().withThreads(3));
        assertThat(profile.rows()).isEqualTo(111);
        assertThat(profile.duplicateRows()).isEqualTo(7 + 2 + 1);
        assertThat(profile.duplicateRowsExact()).isTrue();
        assertThat(profile.alerts()).filteredOn(alert -> alert.type() == AlertType.DUPLICATES).singleElement()
                .satisfies(alert -> {
                    assertThat(alert.column()).isNull();
                    assertThat(alert.message()).contains("10").contains("duplicate");
                });
    }

    // ---------------------------------------------------------------- types

    @Test
    void typesAreInferred() {
        DatasetProfile profile = profile(people, Profiler.Options.defaults());
        assertThat(profile.column("id").type()).isEqualTo("identifier");
        assertThat(profile.column("x").type()).isEqualTo("numeric");
        assertThat(profile.column("lognormal").type()).isEqualTo("numeric");
        assertThat(profile.column("flag").type()).isEqualTo("boolean");
        assertThat(profile.column("when").type()).isEqualTo("datetime");
        assertThat(profile.column("when").dateFormat()).isEqualTo("ISO 8601");
        assertThat(profile.column("dmy").type()).isEqualTo("datetime");
        assertThat(profile.column("dmy").dateFormat()).isEqualTo("dd/MM/uuuu");
        assertThat(profile.column("cat").type()).isEqualTo("categorical");
        assertThat(profile.column("words").type()).isEqualTo("text");
        assertThat(profile.columns()).allSatisfy(column -> assertThat(column.inferredType()).isNull());
        assertThat(alertsProfile.column("uniq").type()).isEqualTo("identifier");
        assertThat(alertsProfile.column("card60").type()).isEqualTo("categorical");
    }

    @Test
    void datetimeColumnsHaveDateBounds() {
        var when = profile(people, Profiler.Options.defaults()).column("when");
        assertThat((String) when.min()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(LocalDate.parse((String) when.min())).isAfterOrEqualTo(LocalDate.of(2020, 1, 1));
        assertThat(LocalDate.parse((String) when.max())).isBefore(LocalDate.of(2020, 1, 1).plusDays(2000));
        assertThat(Arrays.stream(when.histogram().counts()).sum()).isEqualTo(N);
    }

    @Test
    void typesCanBeOverridden() {
        DatasetProfile profile = profile(people, Profiler.Options.defaults()
                .withTypes(Map.of("cat", ColumnType.TEXT, "flag", ColumnType.CATEGORICAL, "x", ColumnType.TEXT, "words", ColumnType.CATEGORICAL)));
        assertThat(profile.column("cat").type()).isEqualTo("text");
        assertThat(profile.column("cat").inferredType()).isEqualTo("categorical");
        assertThat(profile.column("flag").type()).isEqualTo("categorical");
        assertThat(profile.column("flag").inferredType()).isEqualTo("boolean");
        assertThat(profile.column("x").type()).isEqualTo("text");
        assertThat(profile.column("x").mean()).isNull();
        assertThat(profile.column("words").type()).isEqualTo("categorical");
        assertThat(profile.column("words").inferredType()).isEqualTo("text");
        assertThat(profile.column("id").inferredType()).isNull();
    }

    @Test
    void overridingToNumericReadsTheValues() throws IOException {
        Path file = Files.writeString(dir.resolve("codes.csv"), "code,label\n001,a\n002,b\n003,c\n004,x\n");
        DatasetProfile profile = profile(file, Profiler.Options.defaults().withTypes(Map.of("label", ColumnType.NUMERIC)));
        var label = profile.column("label");
        assertThat(label.type()).isEqualTo("numeric");
        assertThat(label.invalid()).isEqualTo(4);
        assertThat(profile.alerts()).anySatisfy(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.MIXED);
            assertThat(alert.message()).contains("'a' on line 2");
        });
    }

    @Test
    void overridingAColumnThatDoesNotExistIsAnError() {
        assertThatThrownBy(() -> profile(people, Profiler.Options.defaults().withTypes(Map.of("nope", ColumnType.TEXT))))
                .isInstanceOf(DatasetException.class)
                .hasMessage("people.csv: cannot set the type of 'nope': no such column");
        assertThatThrownBy(() -> profile(people, Profiler.Options.defaults().withTarget("nope")))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("people.csv: --target 'nope' is not a column");
    }

    // ---------------------------------------------------------------- alerts

    @Test
    void constantZerosMissingInfiniteUniqueEmpty() {
        assertThat(alertTypes(alertsProfile, "const")).contains(AlertType.CONSTANT);
        assertThat(alertTypes(alertsProfile, "zeros")).contains(AlertType.ZEROS);
        assertThat(alertsProfile.column("zeros").zeros()).isEqualTo(3000);
        assertThat(alertTypes(alertsProfile, "miss")).contains(AlertType.MISSING);
        assertThat(alertsProfile.column("miss").missing()).isEqualTo(1000);
        assertThat(alertTypes(alertsProfile, "inf")).contains(AlertType.INFINITE);
        assertThat(alertsProfile.column("inf").infinite()).isEqualTo(20);
        assertThat(alertsProfile.column("inf").type()).isEqualTo("numeric");
        assertThat(alertTypes(alertsProfile, "uniq")).contains(AlertType.UNIQUE);
        assertThat(alertTypes(alertsProfile, "empty")).containsExactly(AlertType.EMPTY);
        assertThat(alertsProfile.column("empty").count()).isZero();
        assertThat(alertsProfile.column("empty").missing()).isEqualTo(10_000);
        // and not where they do not apply
        assertThat(alertTypes(alertsProfile, "a")).doesNotContain(AlertType.MISSING, AlertType.ZEROS, AlertType.CONSTANT,
                AlertType.SKEWED, AlertType.INFINITE);
        assertThat(alertsProfile.alerts()).noneMatch(alert -> alert.type() == AlertType.DUPLICATES);
        assertThat(alertsProfile.alerts()).noneMatch(alert -> alert.type() == AlertType.EMPTY && alert.column() == null);
    }

    @Test
    void highCorrelation() {
        assertThat(alertsProfile.alerts()).filteredOn(alert -> alert.type() == AlertType.HIGH_CORRELATION)
                .anySatisfy(alert -> {
                    assertThat(alert.column()).isEqualTo("a");
                    assertThat(alert.message()).contains("b");
                });
        assertThat(alertsProfile.alerts()).filteredOn(alert -> alert.type() == AlertType.HIGH_CORRELATION)
                .noneMatch(alert -> alert.column().equals("zeros") || alert.column().equals("miss"));
    }

    @Test
    void highCardinalityImbalanceSkewedAndDates() {
        var card = alertsProfile.column("card60");
        assertThat(card.type()).isEqualTo("categorical");
        assertThat(card.distinct()).isEqualTo(60);
        assertThat(alertTypes(alertsProfile, "card60")).contains(AlertType.HIGH_CARDINALITY);

        assertThat(alertTypes(alertsProfile, "imb")).contains(AlertType.IMBALANCE);

        var skew = alertsProfile.column("skew");
        assertThat(skew.skewness()).isGreaterThan(20);
        assertThat(alertTypes(alertsProfile, "skew")).contains(AlertType.SKEWED);

        var dates = alertsProfile.column("datesish");
        assertThat(dates.type()).isEqualTo("text");
        assertThat(alertTypes(alertsProfile, "datesish")).contains(AlertType.TYPE_DATE);
        assertThat(alertsProfile.alerts()).filteredOn(alert -> alert.type() == AlertType.TYPE_DATE).singleElement()
                .satisfies(alert -> assertThat(alert.message()).contains("95 %"));
    }

    @Test
    void typeDateAtExactlyNinetyPercent() throws IOException {
        // 900 of the first 1,000 values are dates: a share of 0.9 meets the ≥ 90 % threshold
        var text = new StringBuilder("d\n");
        for (int i = 0; i < 2000; i++) {
            text.append(i % 10 == 9 ? "n/a-" + i : LocalDate.of(2000, 1, 1).plusDays(i).toString()).append('\n');
        }
        Path file = Files.writeString(dir.resolve("ninety.csv"), text.toString());
        DatasetProfile profile = profile(file, Profiler.Options.defaults());
        assertThat(alertTypes(profile, "d")).contains(AlertType.TYPE_DATE);
    }

    @Test
    void allMissingDatasetColumnAndNoDatasetEmptyAlert() throws IOException {
        Path file = Files.writeString(dir.resolve("holes.csv"), "a,b\n1,\n2,\n");
        DatasetProfile profile = profile(file, Profiler.Options.defaults());
        assertThat(alertTypes(profile, "b")).containsExactly(AlertType.EMPTY);
        assertThat(profile.alerts()).noneMatch(alert -> alert.type() == AlertType.EMPTY && alert.column() == null);
    }

    // ---------------------------------------------------------------- correlations and target

    @Test
    void correlationMatricesAreSymmetricWithOnesOnTheDiagonal() {
        var correlations = alertsProfile.correlations();
        assertThat(correlations).isNotNull();
        assertThat(correlations.method()).isEqualTo("pearson");
        assertThat(correlations.columns()).contains("a", "b", "zeros", "skew").doesNotContain("const", "empty", "uniq", "card60");
        for (double[][] matrix : List.of(correlations.matrix(), correlations.spearman().matrix())) {
            assertThat(matrix).hasNumberOfRows(correlations.columns().size());
            for (int i = 0; i < matrix.length; i++) {
                assertThat(matrix[i]).hasSize(matrix.length);
                assertThat(matrix[i][i]).isEqualTo(1.0);
                for (int j = 0; j < matrix.length; j++) {
                    assertThat(matrix[i][j]).isEqualTo(matrix[j][i]);
                    assertThat(matrix[i][j]).isBetween(-1.0, 1.0);
                }
            }
        }
        assertThat(correlations.spearman().columns()).isEqualTo(correlations.columns());
        int a = correlations.columns().indexOf("a");
        int b = correlations.columns().indexOf("b");
        assertThat(correlations.matrix()[a][b]).isGreaterThan(0.99);
        assertThat(correlations.spearman().matrix()[a][b]).isGreaterThan(0.99);
        var cramers = correlations.cramersV();
        assertThat(cramers).isNotNull();
        assertThat(cramers.columns()).contains("card60", "imb");
        for (int i = 0; i < cramers.matrix().length; i++) {
            assertThat(cramers.matrix()[i][i]).isEqualTo(1.0);
            for (int j = 0; j < cramers.matrix().length; j++) {
                assertThat(cramers.matrix()[i][j]).isEqualTo(cramers.matrix()[j][i]);
            }
        }
    }

    @Test
    void numericTargetAssociations() {
        DatasetProfile profile = profile(alerts, Profiler.Options.defaults().withTarget("b"));
        var target = profile.target();
        assertThat(target).isNotNull();
        assertThat(target.column()).isEqualTo("b");
        var byColumn = new HashMap<String, DatasetProfile.Association>();
        target.associations().forEach(association -> byColumn.put(association.column(), association));
        assertThat(byColumn).doesNotContainKey("b");
        assertThat(byColumn.get("a").measure()).isEqualTo("pearson");
        assertThat(byColumn.get("a").value()).isGreaterThan(0.99);
        assertThat(byColumn.get("imb").measure()).isEqualTo("correlation_ratio");
        assertThat(byColumn.get("imb").value()).isBetween(0.0, 1.0);
        assertThat(target.associations().get(0).column()).isEqualTo("a"); // strongest first
        assertThat(target.associations()).extracting(association -> Math.abs(association.value()))
                .isSortedAccordingTo((p, q) -> Double.compare(q, p));
    }

    @Test
    void categoricalTargetAssociations() throws IOException {
        var random = new Random(5);
        var text = new StringBuilder("label,score,colour,noise\n");
        for (int i = 0; i < 3000; i++) {
            boolean positive = random.nextBoolean();
            text.append(positive ? "yes" : "no").append(',')
                    .append(String.format(Locale.ROOT, "%.3f", (positive ? 3 : 0) + random.nextGaussian())).append(',')
                    .append(positive ? "red" : "blue").append(',')
                    .append(random.nextInt(5)).append('\n');
        }
        Path file = Files.writeString(dir.resolve("labels.csv"), text.toString());
        var target = profile(file, Profiler.Options.defaults().withTarget("label")).target();
        var byColumn = new HashMap<String, DatasetProfile.Association>();
        target.associations().forEach(association -> byColumn.put(association.column(), association));
        assertThat(byColumn.get("colour").measure()).isEqualTo("cramers_v");
        assertThat(byColumn.get("colour").value()).isCloseTo(1.0, within(1e-9));
        assertThat(byColumn.get("score").measure()).isEqualTo("correlation_ratio");
        assertThat(byColumn.get("score").value()).isGreaterThan(0.7);
        assertThat(byColumn.get("noise").value()).isLessThan(0.2);
    }

    /** A yes/no column is a 0/1 number in the Pearson and Spearman matrices (point-biserial r), besides Cramér's V. */
    @Test
    void booleanColumnsAreCorrelatedAsZeroOrOne() throws IOException {
        var random = new Random(11);
        var text = new StringBuilder("score,noise,default\n");
        var scores = new ArrayList<Double>();
        var defaults = new ArrayList<Double>();
        for (int i = 0; i < 2000; i++) {
            boolean positive = random.nextDouble() < 0.3;
            double score = Math.round(((positive ? 2 : 0) + random.nextGaussian()) * 1000) / 1000.0;
            scores.add(score);
            defaults.add(positive ? 1.0 : 0.0);
            text.append(score).append(',').append(random.nextInt(1000)).append(',').append(positive ? "yes" : "no").append('\n');
        }
        Path file = Files.writeString(dir.resolve("defaults.csv"), text.toString());

        var correlations = profile(file, Profiler.Options.defaults()).correlations();

        assertThat(correlations.columns()).containsExactly("score", "noise", "default");
        int score = correlations.columns().indexOf("score");
        int flag = correlations.columns().indexOf("default");
        double expected = pearson(scores, defaults);
        assertThat(expected).as("the data are made so that they go together").isGreaterThan(0.6);
        assertThat(correlations.matrix()[score][flag]).isCloseTo(expected, within(1e-9));
        assertThat(correlations.matrix()[flag][score]).isEqualTo(correlations.matrix()[score][flag]);
        assertThat(correlations.matrix()[flag][flag]).isEqualTo(1.0);
        assertThat(correlations.spearman().columns()).isEqualTo(correlations.columns());
        assertThat(correlations.spearman().matrix()[score][flag]).isGreaterThan(0.5);
        assertThat(Math.abs(correlations.matrix()[flag][correlations.columns().indexOf("noise")])).isLessThan(0.1);
    }

    private static double pearson(List<Double> x, List<Double> y) {
        double mx = x.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double my = y.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.size(); i++) {
            sxy += (x.get(i) - mx) * (y.get(i) - my);
            sxx += (x.get(i) - mx) * (x.get(i) - mx);
            syy += (y.get(i) - my) * (y.get(i) - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    // ---------------------------------------------------------------- determinism and JSON

    /**
     * Other chunk boundaries merge the moments in another order, so floating-point results may differ
     * in the last bits: equal to 1e-12 relative, everything else identical.
     */
    @Test
    void sameResultWhateverTheThreadsAndChunksUpToRounding() throws Exception {
        String one = ProfileJson.write(profile(DatasetReader.open(people), Profiler.Options.defaults().withThreads(1)));
        String four = ProfileJson.write(profile(DatasetReader.open(people).chunkBytes(1024), Profiler.Options.defaults().withThreads(4)));
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertSameUpToRounding("", mapper.readTree(one), mapper.readTree(four));
    }

    private static void assertSameUpToRounding(String path, com.fasterxml.jackson.databind.JsonNode a, com.fasterxml.jackson.databind.JsonNode b) {
        if (a.isNumber() && b.isNumber() && (a.isFloatingPointNumber() || b.isFloatingPointNumber())) {
            double x = a.asDouble();
            double y = b.asDouble();
            assertThat(Math.abs(x - y)).as(path).isLessThanOrEqualTo(1e-12 * Math.max(1, Math.max(Math.abs(x), Math.abs(y))));
            return;
        }
        if (a.isContainerNode() && b.isContainerNode()) {
            assertThat(b.size()).as(path).isEqualTo(a.size());
            if (a.isArray()) {
                for (int i = 0; i < a.size(); i++) {
                    assertSameUpToRounding(path + "/" + i, a.get(i), b.get(i));
                }
            } else {
                a.fieldNames().forEachRemaining(name -> assertSameUpToRounding(path + "/" + name, a.get(name), b.get(name)));
            }
            return;
        }
        assertThat(b).as(path).isEqualTo(a);
    }

    @Test
    void sameResultWhateverTheThreadsOnTheSameChunks() {
        String one = ProfileJson.write(profile(DatasetReader.open(people).chunkBytes(1024), Profiler.Options.defaults().withThreads(1)));
        String four = ProfileJson.write(profile(DatasetReader.open(people).chunkBytes(1024), Profiler.Options.defaults().withThreads(4)));
        assertThat(differences(one, four)).as("JSON paths that differ").isEmpty();
    }

    @Test
    void sameResultWhenRunTwice() {
        String first = ProfileJson.write(profile(DatasetReader.open(people), Profiler.Options.defaults().withThreads(1)));
        String second = ProfileJson.write(profile(DatasetReader.open(people), Profiler.Options.defaults().withThreads(1)));
        assertThat(differences(first, second)).as("JSON paths that differ").isEmpty();
        assertThat(second).isEqualTo(first);
    }

    /** The JSON pointers where two documents differ (at most 40), to make a failure readable. */
    static List<String> differences(String a, String b) {
        try {
            var mapper = new ObjectMapper();
            var found = new ArrayList<String>();
            differences(mapper.readTree(a), mapper.readTree(b), "", found);
            // one line per field that differs, array positions within it folded into '*'
            return found.stream().map(line -> line.substring(0, line.indexOf(": ")).replaceAll("/(counts|edges|p\\d+)/\\d+$", "/$1/*"))
                    .distinct().limit(40).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void differences(JsonNode a, JsonNode b, String path, List<String> found) {
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            var names = new java.util.TreeSet<String>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                differences(a.path(name), b.path(name), path + "/" + name, found);
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                differences(a.get(i), b.get(i), path + "/" + i, found);
            }
        } else {
            found.add(path + ": " + a + " vs " + b);
        }
    }

    @Test
    void countsAndMomentsDoNotDependOnThreadsOrChunks() {
        DatasetProfile one = profile(DatasetReader.open(people), Profiler.Options.defaults().withThreads(1));
        DatasetProfile four = profile(DatasetReader.open(people).chunkBytes(1024), Profiler.Options.defaults().withThreads(4));
        for (int c = 0; c < one.columns().size(); c++) {
            ColumnProfile a = one.columns().get(c);
            ColumnProfile b = four.columns().get(c);
            assertThat(b.type()).isEqualTo(a.type());
            assertThat(b.count()).isEqualTo(a.count());
            assertThat(b.missing()).isEqualTo(a.missing());
            assertThat(b.distinct()).isEqualTo(a.distinct());
            assertThat(b.top()).isEqualTo(a.top());
            assertThat(b.min()).isEqualTo(a.min());
            assertThat(b.max()).isEqualTo(a.max());
            if (a.mean() != null) {
                assertRelative(b.mean(), a.mean(), a.name() + " mean");
                assertRelative(b.stddev(), a.stddev(), a.name() + " stddev");
            }
        }
        assertThat(four.alerts()).isEqualTo(one.alerts());
        assertThat(four.duplicateRows()).isEqualTo(one.duplicateRows());
    }

    @Test
    void jsonHasTheDocumentedFields() throws IOException {
        JsonNode json = new ObjectMapper().readTree(ProfileJson.write(alertsProfile));
        assertThat(json.get("rows").asLong()).isEqualTo(10_000);
        assertThat(json.at("/source/format").asText()).isEqualTo("CSV");
        assertThat(json.at("/source/sha256").asText()).hasSize(64);
        assertThat(json.at("/source/bytes").asLong()).isEqualTo(Files.size(alerts));
        assertThat(json.get("columns")).hasSize(12);
        JsonNode first = json.get("columns").get(0);
        for (String field : List.of("name", "type", "count", "missing", "distinct", "distinctExact")) {
            assertThat(first.has(field)).as(field).isTrue();
        }
        assertThat(json.get("alerts").isArray()).isTrue();
        assertThat(json.at("/alerts/0/type").isTextual()).isTrue();
        assertThat(json.at("/correlations/method").asText()).isEqualTo("pearson");
        assertThat(json.at("/correlations/matrix").size()).isEqualTo(json.at("/correlations/columns").size());
    }
}
