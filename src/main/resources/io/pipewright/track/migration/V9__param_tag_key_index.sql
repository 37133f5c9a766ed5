-- Filters find the runs with a param or tag by its key first.
CREATE INDEX run_param_key ON run_param (param_key, run_id);
CREATE INDEX run_tag_key ON run_tag (tag_key, run_id);
