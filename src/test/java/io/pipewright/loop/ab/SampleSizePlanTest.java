package io.pipewright.loop.ab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sample sizes against reference values computed with SciPy 1.17 ({@code scipy.stats.norm.ppf},
 * {@code scipy.stats.t.ppf}), within 1 %:
 * <ul>
 * <li>proportion (Fleiss; Chow, Shao and Wang §4.2, unequal allocation s to b): p2 = p1 + d,
 *     p̄ = (1−s)p1 + s·p2, N = [z(1−α/2)√(p̄(1−p̄)(1/(1−s) + 1/s)) + z(power)√(p1(1−p1)/(1−s) + p2(1−p2)/s)]² / d²;
 *     a = (1−s)N, b = s·N;</li>
 * <li>mean (Welch, σ in both): N = (t(1−α/2, ν) + t(power, ν))² σ² (1/(1−s) + 1/s) / d², iterated from the normal
 *     quantiles with ν the Welch–Satterthwaite degrees of freedom at a = (1−s)N, b = s·N until it settles. At the rounded-up
 *     sizes the exact power of Welch's test (scipy.stats.nct) is 0.8006, 0.8007, 0.9008 and 0.8070 for the four mean cases.</li>
 * </ul>
 */
class SampleSizePlanTest {

    @ParameterizedTest(name = "proportion {0} + {1}, alpha {2}, power {3}, split {4}: a {5}, b {6}")
    @CsvSource({
        // baseline, mde, alpha, power, split, SciPy a, SciPy b
        "0.10,  0.02, 0.05, 0.8, 0.5,  3840.847482436273,  3840.847482436273",
        "0.10,  0.02, 0.05, 0.8, 0.1,  18690.34666893626,  2076.705185437362",
        "0.5,   0.05, 0.05, 0.9, 0.5,  2094.153028202619,  2094.153028202619",
        "0.715, 0.03, 0.01, 0.8, 0.3,  8582.326785358591,  3678.140050867968",
        "0.03, -0.01, 0.05, 0.8, 0.5,  3825.1497221026225, 3825.1497221026225",
    })
    void aProportionNeedsWhatTheTwoProportionZTestSays(double baseline, double mde, double alpha, double power, double split, double a, double b) {
        var plan = SampleSizePlan.of(new PlanInputs(baseline, mde, alpha, power, split, null, null));
        assertThat(plan.test()).isEqualTo("two-proportion-z");
        double s = plan.inputs().split();
        assertThat((1 - s) * plan.exactTotal()).isCloseTo(a, within(a * 0.01));
        assertThat(s * plan.exactTotal()).isCloseTo(b, within(b * 0.01));
        // the sizes are the exact ones rounded up
        assertThat(plan.perVariantA()).isEqualTo((long) Math.ceil(a));
        assertThat(plan.perVariantB()).isEqualTo((long) Math.ceil(b));
        assertThat(plan.total()).isEqualTo(plan.perVariantA() + plan.perVariantB());
        assertThat(plan.days()).isNull();
    }

    @ParameterizedTest(name = "mean, sd {0}, mde {1}, alpha {2}, power {3}, split {4}: a {5}, b {6}")
    @CsvSource({
        // sd, mde, alpha, power, split, SciPy a, SciPy b
        "10, 2,   0.05, 0.8, 0.5, 393.4210629108694,  393.4210629108694",
        "10, 2,   0.05, 0.8, 0.2, 986.1956170115454,  246.54890425288636",
        "1,  0.5, 0.01, 0.9, 0.5, 120.53779284327474, 120.53779284327474",
        "3,  3,   0.05, 0.8, 0.5, 16.722105094123997, 16.722105094123997",
    })
    void aMeanNeedsWhatWelchsTestSays(double sd, double mde, double alpha, double power, double split, double a, double b) {
        var plan = SampleSizePlan.of(new PlanInputs(12, mde, alpha, power, split, null, sd));
        assertThat(plan.test()).isEqualTo("welch");
        double s = plan.inputs().split();
        assertThat((1 - s) * plan.exactTotal()).isCloseTo(a, within(a * 0.01));
        assertThat(s * plan.exactTotal()).isCloseTo(b, within(b * 0.01));
        // the sizes are the exact ones rounded up
        assertThat(plan.perVariantA()).isEqualTo((long) Math.ceil(a));
        assertThat(plan.perVariantB()).isEqualTo((long) Math.ceil(b));
    }

    @ParameterizedTest(name = "{0} a day: {1} days")
    @CsvSource({"5000, 2", "1000, 8", "7682, 1", "100.5, 77"})
    void theDaysAreTheTotalAtTheTrafficRoundedUp(double traffic, long days) {
        var plan = SampleSizePlan.of(new PlanInputs(0.10, 0.02, 0.05, 0.8, 0.5, traffic, null));
        assertThat(plan.total()).isEqualTo(7682);
        assertThat(plan.days()).isEqualTo(days);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "power 1.5     | 0.1 | 0.02 | 0.05 | 1.5 | 0.5 |      | --power must be between 0 and 1 (exclusive), not 1.5",
        "power 0       | 0.1 | 0.02 | 0.05 | 0   | 0.5 |      | --power must be between 0 and 1 (exclusive), not 0",
        "mde 0         | 0.1 | 0    | 0.05 | 0.8 | 0.5 |      | --mde must not be 0",
        "alpha 0       | 0.1 | 0.02 | 0    | 0.8 | 0.5 |      | --alpha must be between 0 and 1 (exclusive), not 0",
        "alpha 1       | 0.1 | 0.02 | 1    | 0.8 | 0.5 |      | --alpha must be between 0 and 1 (exclusive), not 1",
        "split 0       | 0.1 | 0.02 | 0.05 | 0.8 | 0   |      | --split must be between 0 and 1 (exclusive), not 0",
        "split 1.2     | 0.1 | 0.02 | 0.05 | 0.8 | 1.2 |      | --split must be between 0 and 1 (exclusive), not 1.2",
        "target above 1| 0.9 | 0.2  | 0.05 | 0.8 | 0.5 |      | --baseline + --mde must stay between 0 and 1 (exclusive): 0.9 + 0.2 = 1.1",
        "target 0      | 0.1 | -0.1 | 0.05 | 0.8 | 0.5 |      | --baseline + --mde must stay between 0 and 1 (exclusive)",
        "baseline 1.5  | 1.5 | 0.02 | 0.05 | 0.8 | 0.5 |      | --baseline must be a proportion between 0 and 1 (exclusive), not 1.5 (a mean needs --sd)",
        "sd 0          | 12  | 2    | 0.05 | 0.8 | 0.5 | 0    | --sd must be a positive number, not 0",
    })
    void impossibleInputsAreRefusedNamingTheOption(String name, double baseline, double mde, double alpha, double power, double split, Double sd,
                                                   String message) {
        assertThatThrownBy(() -> new PlanInputs(baseline, mde, alpha, power, split, null, sd))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @org.junit.jupiter.api.Test
    void aMeanTakesAnyBaselineAndTheProportionLimitsDoNotApply() {
        var plan = SampleSizePlan.of(new PlanInputs(250, -20, 0.05, 0.8, 0.5, 100.0, 40.0));
        assertThat(plan.perVariantA()).isEqualTo(plan.perVariantB()).isGreaterThan(60);
        assertThat(plan.toMap()).containsEntry("metric", "mean").containsEntry("target", 230.0).containsEntry("days", plan.days());
    }
}
