package io.pipewright.loop.ab;

import java.util.List;
import java.util.Map;

/**
 * What an experiment produced, ready for {@link AbAnalysis}: the units each variant was assigned (for
 * the sample-ratio check), the model versions that served each variant, and one observation per
 * labelled prediction, in the order the labels arrived (the order the sequential test reads them).
 *
 * @param assigned     variant ({@code a}, {@code b}) → units assigned to it (requests, or rows of a scored file)
 * @param versions     variant → the versions that served it, in the order first seen ({@code NAME:VERSION} when the name is known)
 * @param observations in arrival order
 * @param source       where the data came from, in words
 */
public record AbData(AbMetric metric, Map<String, Long> assigned, Map<String, List<String>> versions, List<Observation> observations,
                     String source) {
    public static final String A = "a";
    public static final String B = "b";

    /** One labelled prediction of a variant: 1/0 (right, wrong) for accuracy, the absolute error for mae. */
    public record Observation(boolean b, double value) {
    }

    public AbData {
        assigned = Map.copyOf(assigned);
        versions = Map.copyOf(versions);
        observations = List.copyOf(observations);
    }
}
