package io.pipewright.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** H2's own errors, provoked on a real H2 database, reach a person in words: no SQL, no H2 error code, no advice about H2's tools. */
class H2ErrorsTest {
    private static SQLException failing(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:")) {
            return catchThrowableOfType(SQLException.class, () -> {
                for (String sql : statements) {
                    connection.createStatement().execute(sql);
                }
            });
        }
    }

    @Test
    void aValueTooLongForItsColumnIsSaidWithBothLengths() throws SQLException {
        SQLException raw = failing("CREATE TABLE params (param_value VARCHAR(10))", "INSERT INTO params VALUES ('" + "x".repeat(16) + "')");
        var error = new StoreException("cannot record the params of run r1: " + raw.getMessage(), raw);
        assertThat(error).hasMessage("cannot record the params of run r1: a value of 16 characters is longer than the 10 the store keeps for param value");
    }

    @Test
    void anyOtherH2ErrorLosesItsSqlAndCode() throws SQLException {
        SQLException duplicate = failing("CREATE TABLE runs (run_key VARCHAR(10) PRIMARY KEY)", "INSERT INTO runs VALUES ('a')", "INSERT INTO runs VALUES ('a')");
        assertThat(new StoreException("cannot start run a: " + duplicate.getMessage(), duplicate))
                .hasMessage("cannot start run a: an entry with the same name is already in the store");
        SQLException missingTable = failing("SELECT * FROM nowhere");
        var error = new StoreException("cannot list runs: " + missingTable.getMessage(), missingTable);
        assertThat(error).hasMessage("cannot list runs: the store's tables are not the ones this Pipewright expects (a store of another version?)");
        assertThat(error.getMessage()).doesNotContain("SQL").doesNotContain("[4").doesNotContain("\n");
    }
}
