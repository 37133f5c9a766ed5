-- The process that runs a run (host:pid): on a shared store, only the runs of a process that has ended are marked killed.
ALTER TABLE run ADD COLUMN owner VARCHAR(300);
