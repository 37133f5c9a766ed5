-- Every dataset read is a version, not only a profiled one: a pipeline's or a validation's read has a
-- schema but maybe no profile. read_by says what read it first (profile, validation, drift, pipeline).
ALTER TABLE dataset_version ALTER COLUMN profile_json DROP NOT NULL;
ALTER TABLE dataset_version ALTER COLUMN profiled_at DROP NOT NULL;
-- [{"name": ..., "type": ...}] in the file's column order; null on versions recorded before this
-- migration, whose schema is read from their profile
ALTER TABLE dataset_version ADD COLUMN schema_json TEXT;
ALTER TABLE dataset_version ADD COLUMN read_by VARCHAR(32);
UPDATE dataset_version SET read_by = 'profile';
-- lineage: the model versions a run registered
CREATE INDEX model_version_run_key ON model_version (run_key);
