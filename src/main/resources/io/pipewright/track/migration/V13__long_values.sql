-- Values kept whole: a param or tag value of up to 1,000,000 characters (MLflow allows 6,000 for a param and
-- 8,000 for a tag), and a run id of up to 250 characters (an imported MLflow run may have any id). Anything
-- longer is refused in words before a run is written (see StoreLimits). Portable: H2 and PostgreSQL alike.
ALTER TABLE run_param ALTER COLUMN param_value SET DATA TYPE VARCHAR(1000000);
ALTER TABLE run_tag ALTER COLUMN tag_value SET DATA TYPE VARCHAR(1000000);
ALTER TABLE run ALTER COLUMN run_key SET DATA TYPE VARCHAR(250);
ALTER TABLE model_version ALTER COLUMN run_key SET DATA TYPE VARCHAR(250);
-- a run's name is the pipeline's file name (up to 255 bytes) or an imported run's name
ALTER TABLE run ALTER COLUMN name SET DATA TYPE VARCHAR(1000);
