package io.pipewright.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The algorithms a {@code train} node may name. */
public final class Algorithms {
    private static final Map<String, Algorithm> ALL = new LinkedHashMap<>();

    static {
        for (Algorithm algorithm : SmileAlgorithms.all()) {
            ALL.put(algorithm.name(), algorithm);
        }
        ALL.put("xgboost", new XGBoostAlgorithm());
        for (Algorithm algorithm : LinearAlgorithms.all()) {
            ALL.put(algorithm.name(), algorithm);
        }
        for (Algorithm algorithm : MoreAlgorithms.all()) {
            ALL.put(algorithm.name(), algorithm);
        }
    }

    private Algorithms() {
    }

    public static Optional<Algorithm> find(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    public static List<Algorithm> all() {
        return new ArrayList<>(ALL.values());
    }

    public static List<String> names() {
        return new ArrayList<>(ALL.keySet());
    }
}
