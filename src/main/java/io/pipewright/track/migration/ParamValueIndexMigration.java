package io.pipewright.track.migration;

import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema version 16: a filter on a param's value ({@code params.model = 'xgboost'}) reads the runs
 * it keeps from one range of an index on (key, value, run) instead of every row of the key, so the
 * first filtered page of a store reads the few pages it needs rather than the whole param table.
 * On the embedded H2 store only: PostgreSQL hashes the same sub-query over its rows and was already
 * fast, and its b-tree entries cannot hold the up to 1,000,000 characters a param value may have.
 * Found by Flyway in this package, beside the SQL migrations.
 */
public final class ParamValueIndexMigration extends io.pipewright.track.NumberedMigration {
    public ParamValueIndexMigration() {
        super(16, "param value index");
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        if (!connection.getMetaData().getDatabaseProductName().toUpperCase(java.util.Locale.ROOT).contains("H2")) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE INDEX run_param_value ON run_param (param_key, param_value, run_id)");
        }
    }
}
