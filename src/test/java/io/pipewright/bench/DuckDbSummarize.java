package io.pipewright.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** The peer: DuckDB's SUMMARIZE over the same CSV, run as a process of its own by {@link ProfileBenchmark}. */
public final class DuckDbSummarize {
    private DuckDbSummarize() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SUMMARIZE SELECT * FROM read_csv_auto('" + args[0].replace("'", "''") + "')")) {
            int columns = 0;
            while (rows.next()) {
                columns++;
            }
            System.out.println("duckdb summarized " + columns + " columns");
        }
    }
}
