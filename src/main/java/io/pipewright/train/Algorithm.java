package io.pipewright.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A learning algorithm: its name in pipelines, what it can predict, its hyperparameters, and how it fits. */
public interface Algorithm {
    String name();

    String description();

    Set<Task> tasks();

    List<Hyperparameter> hyperparameters();

    /**
     * Fits on {@code train}; {@code valid} (may be null) is used for learning curves and early stopping.
     * {@code params} are checked, with defaults filled in ({@link #check}).
     */
    Estimator fit(Task task, TrainingData train, TrainingData valid, Map<String, Object> params, long seed, TrainingListener listener);

    /** Reads back an estimator written by {@link Estimator#payload()}. */
    Estimator load(Task task, int classCount, byte[] payload);

    /** The hyperparameters checked against their specs, defaults filled in; unknown names are refused. */
    default Map<String, Object> check(Map<String, Object> given) {
        var known = hyperparameters().stream().map(Hyperparameter::name).toList();
        for (String name : given.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown hyperparameter '" + name + "' of " + name()
                        + (known.isEmpty() ? " (it has none)" : " (known: " + String.join(", ", known) + ")"));
            }
        }
        var checked = new LinkedHashMap<String, Object>();
        for (Hyperparameter spec : hyperparameters()) {
            Object value = given.get(spec.name());
            checked.put(spec.name(), spec.check(value == null ? spec.defaultValue() : value));
        }
        return checked;
    }
}
