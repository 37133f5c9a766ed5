package io.pipewright.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The peer of {@link FeatureJoinBenchmark}: DuckDB's {@code ASOF LEFT JOIN} of the same entity and feature files, with
 * the same 30-day TTL, written as CSV; run as a process of its own. Arguments: ENTITIES FEATURES OUT.
 */
public final class DuckDbAsofJoin {
    private DuckDbAsofJoin() {
    }

    public static void main(String[] args) throws Exception {
        String entities = args[0].replace("'", "''");
        String features = args[1].replace("'", "''");
        String out = args[2].replace("'", "''");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute("""
                    COPY (
                      SELECT e.*,
                             CASE WHEN e.event_time - f.event_time <= INTERVAL 30 DAY THEN f.spend END AS spend,
                             CASE WHEN e.event_time - f.event_time <= INTERVAL 30 DAY THEN f.orders END AS orders,
                             CASE WHEN e.event_time - f.event_time <= INTERVAL 30 DAY THEN f.segment END AS segment
                      FROM read_csv('%s', header = true) e
                      ASOF LEFT JOIN read_csv('%s', header = true) f
                        ON e.customer_id = f.customer_id AND e.event_time >= f.event_time
                    ) TO '%s' (HEADER, DELIMITER ',')
                    """.formatted(entities, features, out));
            System.out.println("duckdb joined " + args[0] + " and " + args[1]);
        }
    }
}
