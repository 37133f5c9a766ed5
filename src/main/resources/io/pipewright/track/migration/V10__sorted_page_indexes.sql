-- A sorted page of runs is read by walking an index in the page's order and stopping after the
-- page: by start time within an experiment, or by a metric's last value, in either direction.
-- (An index is only walked forwards, so each order has its own; the run id in each keeps ties
-- in a stable order and makes the index cover the sub-queries of a filter.)
DROP INDEX run_experiment;
CREATE INDEX run_started_asc ON run (experiment_id, started_at, id);
CREATE INDEX run_started_desc ON run (experiment_id, started_at DESC, id DESC);
DROP INDEX run_metric_latest_value;
CREATE INDEX run_metric_last_asc ON run_metric_latest (metric_key, last_value, run_id);
CREATE INDEX run_metric_last_desc ON run_metric_latest (metric_key, last_value DESC, run_id DESC);
