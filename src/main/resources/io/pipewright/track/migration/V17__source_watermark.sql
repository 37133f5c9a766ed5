-- The high-water mark of each incremental database read (a read node's incremental: {column: …}): per pipeline and
-- source (the database's URL, without secrets, and its table or query), the column and the highest value the last
-- finished run read. A run that fails leaves it where it was, so its rows are read again by the next.
CREATE TABLE source_watermark (
    pipeline VARCHAR(400) NOT NULL,
    source VARCHAR(2000) NOT NULL,
    watermark_column VARCHAR(200) NOT NULL,
    watermark_value VARCHAR(200) NOT NULL,
    run_key VARCHAR(100),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (pipeline, source)
);
