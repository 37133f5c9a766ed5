package io.pipewright.track;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * The store of one {@link OnEachStore} test: the embedded H2 store in {@code home/store}, or a
 * database of its own on the PostgreSQL test server, dropped after the test. {@link #open()} opens
 * it (again); {@link #cliOptions()} are the options that point the command line at it.
 */
public abstract sealed class TestStore {
    private final Path home;

    private TestStore(Path home) {
        this.home = home;
    }

    /** A home folder of the test's own (logs, artifacts; the H2 store is its {@code store/}). */
    public Path home() {
        return home;
    }

    public abstract Store open();

    /** What to add to {@code pipewright --home home()} so that it uses this store. */
    public abstract List<String> cliOptions();

    public abstract boolean isPostgres();

    abstract void dispose() throws SQLException;

    static final class H2 extends TestStore {
        H2(Path home) {
            super(home);
        }

        @Override
        public Store open() {
            return Store.open(home().resolve("store"), "test");
        }

        @Override
        public List<String> cliOptions() {
            return List.of();
        }

        @Override
        public boolean isPostgres() {
            return false;
        }

        @Override
        void dispose() {
        }
    }

    static final class Postgres extends TestStore {
        private final PostgresTestDatabase database;

        Postgres(Path home) throws SQLException {
            super(home);
            this.database = PostgresTestDatabase.create();
        }

        @Override
        public Store open() {
            return database.open();
        }

        @Override
        public List<String> cliOptions() {
            return List.of("--store", database.url());
        }

        @Override
        public boolean isPostgres() {
            return true;
        }

        @Override
        void dispose() throws SQLException {
            database.close();
        }
    }

    /** Runs each {@link OnEachStore} test on H2, then on PostgreSQL (skipped without its server). */
    static final class Both implements TestTemplateInvocationContextProvider {
        @Override
        public boolean supportsTestTemplate(ExtensionContext context) {
            return true;
        }

        @Override
        public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
            return Stream.of(invocation("h2"), invocation("postgresql"));
        }

        private static TestTemplateInvocationContext invocation(String kind) {
            return new TestTemplateInvocationContext() {
                @Override
                public String getDisplayName(int invocationIndex) {
                    return kind;
                }

                @Override
                public List<Extension> getAdditionalExtensions() {
                    return List.of(new Provider(kind));
                }
            };
        }
    }

    /** Makes the test's store, hands it to the test method, and removes it afterwards. */
    private static final class Provider implements ExecutionCondition, ParameterResolver, AfterEachCallback {
        private final String kind;

        Provider(String kind) {
            this.kind = kind;
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return kind.equals("postgresql") && !PostgresTestDatabase.configured()
                    ? ConditionEvaluationResult.disabled(PostgresTestDatabase.UNSET)
                    : ConditionEvaluationResult.enabled(kind);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TestStore.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getStore(ExtensionContext.Namespace.create(Provider.class, kind)).getOrComputeIfAbsent("store", key -> {
                try {
                    Path home = Files.createTempDirectory("pipewright-" + kind);
                    return kind.equals("postgresql") ? new Postgres(home) : new H2(home);
                } catch (IOException | SQLException e) {
                    throw new IllegalStateException("cannot make a " + kind + " store for the test: " + e.getMessage(), e);
                }
            }, TestStore.class);
        }

        @Override
        public void afterEach(ExtensionContext context) throws Exception {
            var store = context.getStore(ExtensionContext.Namespace.create(Provider.class, kind)).remove("store", TestStore.class);
            if (store != null) {
                store.dispose();
                try (Stream<Path> files = Files.walk(store.home())) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }
    }
}
