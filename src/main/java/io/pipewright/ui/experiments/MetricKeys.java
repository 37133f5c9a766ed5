package io.pipewright.ui.experiments;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Which metrics and params a person most likely wants to see first, and short names for long keys. */
final class MetricKeys {
    /** What an evaluate node writes, in the order a comparison usually starts from. */
    private static final List<String> EVALUATION = List.of("roc_auc", "accuracy", "f1_macro", "pr_auc", "log_loss", "rmse", "r2", "mae");
    private static final Set<String> NOT_FIRST = Set.of("system", "trial");

    private MetricKeys() {
    }

    /** Metrics ordered for a first look: evaluation metrics first (roc_auc before accuracy …), system and trial series last. */
    static List<String> ranked(List<String> keys) {
        return keys.stream().sorted(Comparator.comparingInt(MetricKeys::rank).thenComparing(Comparator.naturalOrder())).toList();
    }

    private static int rank(String key) {
        String head = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
        String last = key.substring(key.lastIndexOf('.') + 1);
        if (NOT_FIRST.contains(head) || last.startsWith("trial_")) {
            return 100;
        }
        int evaluation = EVALUATION.indexOf(last);
        return evaluation >= 0 ? evaluation : 50;
    }

    /** Whether a metric is a system or trial series rather than a result. */
    static boolean isResult(String key) {
        return rank(key) < 100;
    }

    /**
     * Each key by its shortest dotted tail that no other key shares
     * ({@code train.hyperparameters.eta} → {@code eta}, unless another key also ends in {@code .eta}).
     */
    static List<String> shortNames(List<String> keys) {
        return keys.stream().map(key -> {
            String[] parts = key.split("\\.");
            for (int n = 1; n < parts.length; n++) {
                String tail = String.join(".", java.util.Arrays.copyOfRange(parts, parts.length - n, parts.length));
                boolean unique = keys.stream().filter(other -> !other.equals(key)).noneMatch(other -> other.equals(tail) || other.endsWith("." + tail));
                if (unique) {
                    return tail;
                }
            }
            return key;
        }).toList();
    }

    /** The last part of a dotted key. */
    static String shortName(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }
}
