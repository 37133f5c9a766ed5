package io.pipewright.track;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/**
 * The one run of a workflow whose nodes run as separate processes ({@code pipewright run --node}):
 * opened by the first node to start under the workflow's run key, attached to by every other node,
 * closed by the last. Its owner is the workflow, not a process, so a process that ends (or a store
 * that is opened again) does not mark it killed while nodes are still to come.
 */
public final class WorkflowRuns {
    /** The owner a workflow's run carries instead of a process. */
    static final String OWNER = "workflow";

    private final Runs runs;

    public WorkflowRuns(Runs runs) {
        this.runs = runs;
    }

    public Runs runs() {
        return runs;
    }

    /**
     * The run with this key, opened (with the pipeline's text, params and tags) when there is none yet,
     * and running again when an earlier node had closed it (a failed node run again).
     */
    public Runs.Run open(String experiment, String key, String name, Long seed, String pipelineSha256, String pipelineText,
                         Map<String, String> params, Map<String, String> tags) {
        var found = runs.find(key);
        if (found.isEmpty()) {
            try {
                Runs.Run started = runs.start(experiment, key, name, seed, pipelineSha256, pipelineText, null, params, tags);
                update(started.id(), "UPDATE run SET owner = ? WHERE id = ?", OWNER);
                return runs.find(key).orElse(started);
            } catch (StoreException e) {
                // two nodes of the workflow started at once: the other one opened it
                found = runs.find(key);
                if (found.isEmpty()) {
                    throw e;
                }
            }
        }
        Runs.Run run = found.get();
        if (!experiment.equals(run.experiment())) {
            throw new IllegalArgumentException("run " + key + " is a run of " + run.experiment() + ", not of " + experiment
                    + ": give this workflow its own --run-id");
        }
        if (!Runs.RUNNING.equals(run.status())) {
            update(run.id(), "UPDATE run SET status = '" + Runs.RUNNING + "', ended_at = NULL, failure = NULL, owner = ? WHERE id = ?", OWNER);
        }
        return runs.find(key).orElseThrow();
    }

    /** Sets parameters of the run, replacing those of the same name (a model's effective hyperparameters). */
    public void params(long runId, Map<String, String> params) {
        runs.replacePairs(runId, "param", params);
    }

    private void update(long runId, String sql, String owner) {
        try (Connection connection = runs.store().connection(); PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, owner);
            update.setLong(2, runId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot open the workflow's run: " + e.getMessage());
        }
    }
}
