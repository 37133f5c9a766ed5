package io.pipewright.cli;

import io.pipewright.data.DatabaseCredentials;
import io.pipewright.data.DatabaseSource;
import io.pipewright.data.DatasetReader;
import picocli.CommandLine.Option;

/**
 * What a command needs to read a database instead of a file: a dataset argument of {@code jdbc:postgresql://…}
 * or {@code jdbc:h2:…} reads {@code --table} or {@code --query}, logging in with {@code --credentials NAME}
 * (from the environment or the home's {@code secrets.properties}).
 */
final class SourceOptions {
    @Option(names = "--table", paramLabel = "TABLE", description = "With a jdbc: source: the table to read (schema.table or table).")
    String table;

    @Option(names = "--query", paramLabel = "SQL", description = "With a jdbc: source: the SELECT to read.")
    String query;

    @Option(names = "--credentials", paramLabel = "NAME",
            description = "With a jdbc: source: log in as PIPEWRIGHT_DB_NAME_USER/_PASSWORD, or NAME.user/NAME.password in the home's secrets.properties.")
    String credentials;

    /**
     * The reader of {@code argument}: a database's table or query, or a file (its format from its name). Options meant for a
     * database given with a file are refused, as a database without a table or a query is, in one line naming the option.
     */
    DatasetReader reader(String argument, PipewrightCommand root) {
        if (DatabaseSource.isDatabase(argument)) {
            var source = new DatabaseSource(argument, table, query, credentials);
            return DatasetReader.database(source, new DatabaseCredentials(root.environment(), root.home().secretsFile()));
        }
        refuseUnlessADatabaseIn(java.util.List.of(argument));
        return DatasetReader.fileOrLayer(argument, root.home().data());
    }

    /** Refuses the database's options, naming the first one given, when none of {@code arguments} is a database (they name files). */
    void refuseUnlessADatabaseIn(java.util.List<String> arguments) {
        if (arguments.stream().noneMatch(DatabaseSource::isDatabase) && (table != null || query != null || credentials != null)) {
            String option = table != null ? "--table" : query != null ? "--query" : "--credentials";
            throw new IllegalArgumentException(option + " reads a database (a jdbc:postgresql:// or jdbc:h2: source), not the file " + arguments.get(0));
        }
    }
}
