-- What a monitor's retraining trained on and how its challenger did (JSON: the data mode, the dataset versions read by
-- fingerprint, the rows, the challenger's metrics on the new data's holdout and on the champion's test data), and what
-- its promote section did with it (JSON: mode, alias, moved, the failed gate's line). Null on checks without retraining.
ALTER TABLE monitor_check ADD COLUMN retraining_json TEXT;
ALTER TABLE monitor_check ADD COLUMN promotion_json TEXT;
