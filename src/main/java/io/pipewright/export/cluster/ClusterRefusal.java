package io.pipewright.export.cluster;

import java.util.List;

/** Why a pipeline cannot be exported for a cluster: every reason at once, one line each, before anything is written. */
public final class ClusterRefusal extends RuntimeException {
    private final List<String> reasons;

    public ClusterRefusal(List<String> reasons) {
        super(String.join("\n", reasons));
        this.reasons = List.copyOf(reasons);
    }

    /** One line per reason. */
    public List<String> reasons() {
        return reasons;
    }
}
