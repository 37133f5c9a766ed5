-- Child runs (a tuning study's trials) are found by their parent: the run detail counts them, the runs list leaves them out.
CREATE INDEX run_parent ON run (parent_run_id);
