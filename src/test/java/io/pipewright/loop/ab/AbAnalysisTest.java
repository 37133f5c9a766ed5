package io.pipewright.loop.ab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analysis of an experiment: verdicts on known differences, the sample-ratio check, the intervals. */
class AbAnalysisTest {
    @TempDir
    Path dir;

    @Test
    void aKnownImprovementOfBIsASwitch() {
        // 4,000 requests, a right 70 % of the time, b 76 %: a difference the test sees
        AbData data = ServedExperiment.read(ServedLogFixture.write(dir.resolve("served"), 1, 4000, 0.5, 0.70, 0.76), "credit-risk", null, null);
        AbAnalysis analysis = AbAnalysis.of(data, AbAnalysis.Settings.of(0.5));
        assertThat(analysis.verdict()).isEqualTo(AbAnalysis.SWITCH);
        assertThat(analysis.metric()).isEqualTo(AbMetric.ACCURACY);
        assertThat(analysis.a().version()).isEqualTo("credit-risk:2");
        assertThat(analysis.b().version()).isEqualTo("credit-risk:3");
        assertThat(analysis.a().value()).isCloseTo(0.70, within(0.03));
        assertThat(analysis.b().value()).isCloseTo(0.76, within(0.03));
        assertThat(analysis.difference().value()).isCloseTo(0.06, within(0.03));
        assertThat(analysis.difference().low()).isPositive();
        assertThat(analysis.sampleRatio().passed()).isTrue();
        assertThat(analysis.sequentialPValue()).isLessThan(0.05);
        assertThat(analysis.decidedAt()).as("the labelled prediction at which the test decided").isBetween(60L, 4000L);
    }

    @Test
    void aWorseBIsAKeep() {
        AbData data = ServedExperiment.read(ServedLogFixture.write(dir.resolve("served"), 2, 4000, 0.5, 0.76, 0.70), null, null, null);
        AbAnalysis analysis = AbAnalysis.of(data, AbAnalysis.Settings.of(0.5));
        assertThat(analysis.verdict()).isEqualTo(AbAnalysis.KEEP);
        assertThat(analysis.difference().high()).isNegative();
        // read without the model's name: the log's bare version is listed, but names no NAME:VERSION
        assertThat(analysis.b().version()).isNull();
        assertThat(analysis.b().versions()).containsExactly("3");
    }

    @Test
    void noDifferenceIsInconclusive() {
        AbData data = ServedExperiment.read(ServedLogFixture.write(dir.resolve("served"), 3, 4000, 0.5, 0.72, 0.72), "credit-risk", null, null);
        AbAnalysis analysis = AbAnalysis.of(data, AbAnalysis.Settings.of(0.5));
        assertThat(analysis.verdict()).isEqualTo(AbAnalysis.INCONCLUSIVE);
        assertThat(analysis.reason()).contains("no difference shown yet");
        assertThat(analysis.decidedAt()).isZero();
        assertThat(analysis.difference().low()).isNegative();
        assertThat(analysis.difference().high()).isPositive();
    }

    @Test
    void aSampleRatioMismatchBlocksTheVerdictEvenWithAClearDifference() {
        // the split says 50 %, but b got about 45 %: 4,000 requests make that a certain mismatch
        AbData data = ServedExperiment.read(ServedLogFixture.write(dir.resolve("served"), 4, 4000, 0.45, 0.70, 0.80), "credit-risk", null, null);
        AbAnalysis analysis = AbAnalysis.of(data, AbAnalysis.Settings.of(0.5));
        assertThat(analysis.verdict()).isEqualTo(AbAnalysis.INVALID_SRM);
        assertThat(analysis.sampleRatio().passed()).isFalse();
        assertThat(analysis.sampleRatio().pValue()).isLessThan(SampleRatioCheck.THRESHOLD);
        assertThat(analysis.reason()).contains("b was assigned 4").contains("the split says 50.00 %");
        // the same data against the split it really had passes
        assertThat(AbAnalysis.of(data, AbAnalysis.Settings.of(0.45)).verdict()).isEqualTo(AbAnalysis.SWITCH);
    }

    @Test
    void theSampleRatioCheckIsPearsonsChiSquared() {
        // 5,100 against 4,900 at 50 %: chi-squared = (100² + 100²) / 5,000 = 4, p = 0.0455 (scipy.stats.chi2.sf(4, 1))
        var check = SampleRatioCheck.of(4900, 5100, 0.5);
        assertThat(check.chiSquared()).isCloseTo(4.0, within(1e-9));
        assertThat(check.pValue()).isCloseTo(0.04550026389635857, within(1e-9));
        assertThat(check.passed()).isTrue();
        // 9,000 against 1,000 at 10 % is exact; 8,800 against 1,200: chi-squared 44.44, p = 2.6e-11
        assertThat(SampleRatioCheck.of(9000, 1000, 0.1).pValue()).isEqualTo(1.0);
        assertThat(SampleRatioCheck.of(8800, 1200, 0.1).passed()).isFalse();
    }

    @Test
    void intervalsMatchTheTextbookFormulas() {
        // a: 70 right of 100, b: 80 of 100. Wilson for 70/100: [0.60415, 0.78105]; Wald difference 0.1 ± 1.96·√(0.21/100 + 0.16/100)
        // = [-0.01922, 0.21922]; pooled z = 0.1 / √(0.75·0.25·0.02) = 1.633, p = 0.10247 (2·scipy.stats.norm.sf(1.633))
        var observations = new ArrayList<AbData.Observation>();
        for (int i = 0; i < 100; i++) {
            observations.add(new AbData.Observation(false, i < 70 ? 1 : 0));
            observations.add(new AbData.Observation(true, i < 80 ? 1 : 0));
        }
        var data = new AbData(AbMetric.ACCURACY, Map.of("a", 100L, "b", 100L), Map.of(), observations, "test");
        AbAnalysis analysis = AbAnalysis.of(data, AbAnalysis.Settings.of(0.5));
        assertThat(analysis.a().low()).isCloseTo(0.6041514536665332, within(1e-9));
        assertThat(analysis.a().high()).isCloseTo(0.7810511470506724, within(1e-9));
        assertThat(analysis.difference().low()).isCloseTo(-0.0192199548589424, within(1e-9));
        assertThat(analysis.difference().high()).isCloseTo(0.2192199548589424, within(1e-9));
        assertThat(analysis.difference().pValue()).isCloseTo(0.10247043485974937, within(1e-9));
        assertThat(analysis.a().version()).isNull();
    }

    @Test
    void numbersNotAllWholeAreComparedByMeanAbsoluteErrorWhereLowerIsBetter() throws Exception {
        var random = new SplittableRandom(7);
        var a = new StringBuilder("prediction,label\n");
        var b = new StringBuilder("prediction,label\n");
        for (int i = 0; i < 600; i++) {
            double truth = 100 + 20 * random.nextDouble();
            a.append(truth + 10 * random.nextGaussian()).append(',').append(truth).append('\n');
            b.append(truth + 6 * random.nextGaussian()).append(',').append(truth).append('\n');
        }
        Path fileA = Files.writeString(dir.resolve("a.csv"), a);
        Path fileB = Files.writeString(dir.resolve("b.csv"), b);
        AbData data = ScoredFiles.read(fileA, fileB, "price:1", "price:2", null, null);
        assertThat(data.metric()).isEqualTo(AbMetric.MAE);
        AbAnalysis analysis = AbAnalysis.of(data, AbAnalysis.Settings.of(0.5));
        // E|N(0, σ)| = σ·√(2/π): 7.98 for a, 4.79 for b
        assertThat(analysis.a().value()).isCloseTo(7.98, within(0.8));
        assertThat(analysis.b().value()).isCloseTo(4.79, within(0.5));
        assertThat(analysis.verdict()).isEqualTo(AbAnalysis.SWITCH);
        assertThat(analysis.b().version()).isEqualTo("price:2");
        assertThat(analysis.toMap()).containsEntry("lowerIsBetter", true);
    }

    @Test
    void tooFewLabelsIsAMessageNotAVerdict() {
        var data = new AbData(AbMetric.ACCURACY, Map.of("a", 10L, "b", 10L), Map.of(),
                List.of(new AbData.Observation(false, 1), new AbData.Observation(false, 0), new AbData.Observation(true, 1)), "served/");
        assertThatThrownBy(() -> AbAnalysis.of(data, AbAnalysis.Settings.of(0.5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("served/: variant b has 1 labelled prediction (at least 2 each are needed)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJsonShapeHasWhatThePromotionGateReads() {
        AbData data = ServedExperiment.read(ServedLogFixture.write(dir.resolve("served"), 1, 4000, 0.5, 0.70, 0.76), "credit-risk", null, null);
        Map<String, Object> map = AbAnalysis.of(data, AbAnalysis.Settings.of(0.5)).toMap();
        assertThat(map).containsKeys("verdict", "metric", "variants", "difference", "sampleRatio", "sequential");
        assertThat(map.get("verdict")).isEqualTo("switch");
        var variants = (Map<String, Map<String, Object>>) map.get("variants");
        assertThat(variants.get("b")).containsEntry("version", "credit-risk:3").containsKeys("n", "value", "low", "high");
        assertThat((Map<String, Object>) map.get("difference")).containsKeys("value", "low", "high", "pValue");
        assertThat((Map<String, Object>) map.get("sampleRatio")).containsKeys("expected", "observed", "pValue", "passed");
        assertThat((Map<String, Object>) map.get("sequential")).containsEntry("method", "mSPRT").containsKey("pValue");
    }
}
