package io.pipewright.loop.ab;

import java.util.Locale;

/**
 * What an A/B test is planned for: the {@code baseline} (a proportion such as a conversion rate or an
 * accuracy, or a mean when {@code sd} is given), the minimum detectable effect {@code mde} (absolute:
 * 0.10 → 0.12 is an mde of 0.02), the two-sided significance level, the power, the share of traffic
 * sent to variant b, and the traffic per day (null: no duration). Validates itself: an impossible value
 * is an IllegalArgumentException naming the option as the command line spells it.
 *
 * @param sd the standard deviation of one observation of the metric, the same in both variants: given,
 *           the metric is a mean and the test is Welch's; null, a proportion and the two-proportion z-test
 */
public record PlanInputs(double baseline, double mde, double alpha, double power, double split, Double trafficPerDay, Double sd) {
    public static final double DEFAULT_ALPHA = 0.05;
    public static final double DEFAULT_POWER = 0.8;
    public static final double DEFAULT_SPLIT = 0.5;

    public PlanInputs {
        finite("--baseline", baseline);
        finite("--mde", mde);
        if (mde == 0) {
            throw new IllegalArgumentException("--mde must not be 0: an effect of 0 needs an infinite sample");
        }
        open("--alpha", alpha);
        open("--power", power);
        open("--split", split);
        if (sd == null) {
            if (!(baseline > 0 && baseline < 1)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "--baseline must be a proportion between 0 and 1 (exclusive), not %s (a mean needs --sd)", number(baseline)));
            }
            double target = baseline + mde;
            if (!(target > 0 && target < 1)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "--baseline + --mde must stay between 0 and 1 (exclusive): %s + %s = %s", number(baseline), number(mde), number(target)));
            }
        } else if (!(Double.isFinite(sd) && sd > 0)) {
            throw new IllegalArgumentException("--sd must be a positive number, not " + number(sd));
        }
        if (trafficPerDay != null && !(Double.isFinite(trafficPerDay) && trafficPerDay > 0)) {
            throw new IllegalArgumentException("--traffic must be a positive number of observations a day, not " + number(trafficPerDay));
        }
    }

    /** True when the metric is a mean (Welch), false for a proportion (z-test). */
    public boolean mean() {
        return sd != null;
    }

    private static void finite(String option, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(option + " must be a finite number, not " + number(value));
        }
    }

    private static void open(String option, double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(option + " must be between 0 and 1 (exclusive), not " + number(value));
        }
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
