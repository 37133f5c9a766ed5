package io.pipewright.loop.scorecard;

import io.pipewright.loop.metrics.PrometheusText;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A quantile of a Prometheus histogram, computed as PromQL's {@code histogram_quantile} does (the same figure the
 * exported Grafana dashboard draws): the buckets of every matching series summed by {@code le}, the bucket that holds
 * the quantile's rank found, and the value interpolated linearly inside it (from 0 for the first bucket); a rank in
 * the {@code +Inf} bucket gives the largest finite bound. {@code lower} and {@code upper} are that bucket's bounds:
 * the true quantile lies between them, whatever the interpolation says.
 */
public record HistogramQuantile(double value, double lower, double upper, long observations) {

    /** The quantile {@code q} of histogram {@code name} (its {@code _bucket} series) over the series {@code labels} passes; null when empty. */
    public static HistogramQuantile of(PrometheusText scrape, String name, Predicate<Map<String, String>> labels, double q) {
        var cumulative = new TreeMap<Double, Double>();
        List<PrometheusText.Sample> buckets = scrape.samples(name + "_bucket", labels);
        for (PrometheusText.Sample bucket : buckets) {
            String le = bucket.label("le");
            if (le == null) {
                continue;
            }
            double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            cumulative.merge(bound, bucket.value(), Double::sum);
        }
        Double total = cumulative.get(Double.POSITIVE_INFINITY);
        if (total == null || total <= 0) {
            return null;
        }
        double rank = q * total;
        double lowerBound = 0;
        double countBelow = 0;
        double largestFinite = 0;
        for (var entry : cumulative.entrySet()) {
            double bound = entry.getKey();
            double count = entry.getValue();
            if (count >= rank) {
                if (Double.isInfinite(bound)) {
                    // as Prometheus: above the largest finite bucket, that bound is the answer (and only a lower bound of the truth)
                    return new HistogramQuantile(largestFinite, largestFinite, Double.POSITIVE_INFINITY, Math.round(total));
                }
                double inside = count - countBelow;
                double value = inside <= 0 ? bound : lowerBound + (bound - lowerBound) * (rank - countBelow) / inside;
                return new HistogramQuantile(value, lowerBound, bound, Math.round(total));
            }
            lowerBound = bound;
            countBelow = count;
            if (!Double.isInfinite(bound)) {
                largestFinite = bound;
            }
        }
        return null;
    }
}
