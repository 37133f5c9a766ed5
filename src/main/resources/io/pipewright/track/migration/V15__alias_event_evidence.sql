-- The promotion gates' evidence with each alias move: every gate's numbers as JSON (null for a move no gate judged,
-- such as a rollback or a move recorded before gates existed), and whether the move was forced past a failed gate.
ALTER TABLE model_alias_event ADD COLUMN evidence TEXT;
ALTER TABLE model_alias_event ADD COLUMN forced BOOLEAN DEFAULT FALSE NOT NULL;
