-- Files a person opened, newest first in the Home view. Portable SQL: the store also runs on PostgreSQL.
CREATE TABLE recent_file (
    path          VARCHAR(4096) NOT NULL PRIMARY KEY,
    kind          VARCHAR(32)   NOT NULL,
    format        VARCHAR(32)   NOT NULL,
    size_bytes    BIGINT        NOT NULL,
    row_count     BIGINT,
    column_count  INTEGER,
    opened_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX recent_file_opened_at ON recent_file (opened_at);
