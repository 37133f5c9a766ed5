package io.pipewright.export.cluster;

import io.pipewright.track.Runs;
import java.util.Map;
import java.util.Optional;

/**
 * What the planner sizes tasks from: the newest finished run of a pipeline and its nodes' measured
 * time ({@code <node>.node_seconds}) and peak memory ({@code <node>.node_peak_memory_bytes}), as local
 * and workflow runs both record them.
 */
@FunctionalInterface
public interface NodeMeasurements {
    /** A run's key and its latest metrics. */
    record MeasuredRun(String runKey, Map<String, Double> metrics) {
        public MeasuredRun {
            metrics = Map.copyOf(metrics);
        }

        /** A node's time in seconds, or null when not recorded. */
        public Double seconds(String nodeId) {
            return metrics.get(nodeId + ".node_seconds");
        }

        /** A node's peak memory in bytes, or null when not recorded. */
        public Double peakMemoryBytes(String nodeId) {
            return metrics.get(nodeId + ".node_peak_memory_bytes");
        }
    }

    /** No store: every task gets the floor. */
    NodeMeasurements NONE = pipeline -> Optional.empty();

    /** The newest finished run of the pipeline (its experiment), or empty. */
    Optional<MeasuredRun> newestFinished(String pipeline);

    /** From the store's runs: the newest finished run of the pipeline's experiment (not a trial's child run). */
    static NodeMeasurements of(Runs runs) {
        return pipeline -> runs.list(pipeline).stream().filter(run -> Runs.FINISHED.equals(run.status())).findFirst()
                .map(run -> new MeasuredRun(run.key(), runs.latestMetrics(run.id())));
    }
}
