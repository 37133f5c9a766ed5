package io.pipewright.track;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A schema migration written in Java: its version, a description, and its version as its checksum (what Flyway
 * recorded for the migrations written so, and checks again on every open), run in the migration's transaction.
 * Outside the scanned migration folder, so that Flyway never takes this class itself for a migration.
 */
public abstract class NumberedMigration implements JavaMigration {
    private final int version;
    private final String description;

    protected NumberedMigration(int version, String description) {
        this.version = version;
        this.description = description;
    }

    @Override
    public final MigrationVersion getVersion() {
        return MigrationVersion.fromVersion(Integer.toString(version));
    }

    @Override
    public final String getDescription() {
        return description;
    }

    @Override
    public final Integer getChecksum() {
        return version;
    }

    @Override
    public final boolean canExecuteInTransaction() {
        return true;
    }
}
