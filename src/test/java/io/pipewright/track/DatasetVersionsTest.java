package io.pipewright.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dataset versions read without a profile, the runs and model versions that used them, and a model's chain back to its data. */
class DatasetVersionsTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final List<SchemaColumn> SCHEMA = List.of(new SchemaColumn("age", "numeric"), new SchemaColumn("default", "categorical"));

    @TempDir
    Path dir;

    @Test
    void aStoreAtSchemaTenWithAProfiledVersionMigratesAndStillListsIt() throws Exception {
        // a store as schema version 10 left it, with a profiled dataset in it
        var flyway = org.flywaydb.core.Flyway.configure()
                .dataSource("jdbc:h2:file:" + dir.resolve("pipewright"), "pipewright", "")
                .locations(Store.MIGRATIONS).javaMigrations(new MetricBlocksMigration()).target("10").load();
        flyway.migrate();
        try (Connection connection = flyway.getConfiguration().getDataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO dataset_version (path, format, size_bytes, sha256, row_count, column_count, profile_json, created_at, "
                    + "profiled_at) VALUES ('/data/credit.csv', 'CSV', 1234, '" + A + "', 1000, 2, "
                    + "'{\"rows\": 1000, \"columns\": [{\"name\": \"age\", \"type\": \"Numeric\"}, {\"name\": \"default\", \"type\": \"Categorical\"}]}', "
                    + "TIMESTAMP WITH TIME ZONE '2026-11-01 10:00:00+00', TIMESTAMP WITH TIME ZONE '2026-11-01 10:00:00+00')");
            statement.execute("SHUTDOWN");
        }
        try (Store store = Store.open(dir, "test")) {
            assertThat(store.schemaVersion()).isEqualTo(String.valueOf(Store.SCHEMA_VERSION));
            var versions = new DatasetVersions(store);
            assertThat(versions.list()).singleElement().satisfies(version -> {
                assertThat(version.path()).isEqualTo("/data/credit.csv");
                assertThat(version.rows()).isEqualTo(1000);
                assertThat(version.hasProfile()).isTrue();
                assertThat(version.readBy()).isEqualTo("profile");
                assertThat(version.runs()).isZero();
            });
            long id = versions.list().get(0).id();
            // its schema is read from its profile
            assertThat(versions.schema(id)).containsExactly(new SchemaColumn("age", "Numeric"), new SchemaColumn("default", "Categorical"));
            // a pipeline reading the same file keeps that version and its profile
            var read = versions.recordRead("/data/credit.csv", "CSV", 1234, A, 1000, SCHEMA, DatasetVersions.PIPELINE, T0.plusSeconds(60));
            assertThat(read.id()).isEqualTo(id);
            assertThat(versions.find(id)).get().satisfies(version -> assertThat(version.hasProfile()).isTrue());
            assertThat(versions.profileJson(id)).get().asString().contains("\"rows\": 1000");
            assertThat(versions.schema(id)).isEqualTo(SCHEMA);
        }
    }

    @OnEachStore
    void aReadWithoutAProfileIsAVersionWithItsSchemaAndAChangedFileIsTheNextInItsHistory(TestStore stores) {
        try (Store store = stores.open()) {
            var versions = new DatasetVersions(store);
            var first = versions.recordRead("/data/credit.csv", "CSV", 1234, A, 1000, SCHEMA, DatasetVersions.VALIDATION, T0);
            assertThat(first.hasProfile()).isFalse();
            assertThat(first.readBy()).isEqualTo("validation");
            assertThat(first.columns()).isEqualTo(2);
            assertThat(versions.profileJson(first.id())).isEmpty();
            assertThat(versions.schema(first.id())).isEqualTo(SCHEMA);

            // profiled later: the same version gets its profile, and keeps what read it first
            var profiled = versions.record("/data/credit.csv", "CSV", 1234, A, 1000, 2, "{\"columns\": []}", T0.plusSeconds(10));
            assertThat(profiled.id()).isEqualTo(first.id());
            assertThat(versions.find(first.id())).get().satisfies(version -> {
                assertThat(version.hasProfile()).isTrue();
                assertThat(version.readBy()).isEqualTo("validation");
            });
            assertThat(versions.schema(first.id())).as("an empty profile does not wipe the schema").isEqualTo(SCHEMA);

            var second = versions.recordRead("/data/credit.csv", "CSV", 1200, B, 900, SCHEMA, DatasetVersions.PIPELINE, T0.plusSeconds(60));
            assertThat(second.id()).isNotEqualTo(first.id());
            assertThat(versions.history("/data/credit.csv")).extracting(DatasetVersion::id).containsExactly(second.id(), first.id());
            assertThat(versions.latest("/data/credit.csv")).get().extracting(DatasetVersion::rows).isEqualTo(900L);
            assertThat(versions.list()).extracting(DatasetVersion::id).containsExactly(second.id(), first.id());
            assertThat(versions.find(999)).isEmpty();
            assertThat(versions.latest("/data/other.csv")).isEmpty();
        }
    }

    @OnEachStore
    void oneFileSpelledTwoWaysIsOneVersion(TestStore stores) {
        try (Store store = stores.open()) {
            var versions = new DatasetVersions(store);
            var first = versions.recordRead("/data/./credit.csv", "CSV", 1234, A, 1000, SCHEMA, DatasetVersions.VALIDATION, T0);
            var second = versions.recordRead("/data/sub/../credit.csv", "CSV", 1234, A, 1000, SCHEMA, DatasetVersions.PIPELINE, T0.plusSeconds(5));

            assertThat(second.id()).isEqualTo(first.id());
            assertThat(versions.list()).singleElement().extracting(DatasetVersion::path).isEqualTo(Path.of("/data/credit.csv").toString());
        }
    }

    @OnEachStore
    void aVersionLeadsToTheRunsAndModelsThatUsedItAndAModelLeadsBackToItsData(TestStore stores) {
        try (Store store = stores.open()) {
            var versions = new DatasetVersions(store);
            var runs = new Runs(store, Clock.systemUTC());
            var registry = new ModelRegistry(store, Clock.systemUTC());
            var v1 = versions.recordRead("/data/credit.csv", "CSV", 1234, A, 1000, SCHEMA, DatasetVersions.PIPELINE, T0);
            var v2 = versions.recordRead("/data/credit.csv", "CSV", 1200, B, 900, SCHEMA, DatasetVersions.PIPELINE, T0.plusSeconds(60));
            for (int r = 1; r <= 2; r++) {
                var run = runs.start("credit-risk", "run-" + r, "credit-risk.yaml", 42L, "c".repeat(64), "name: credit-risk", null);
                runs.dataset(run.id(), "read", r == 1 ? A : B);
                runs.end(run.id(), Runs.FINISHED, null);
                registry.register("credit-risk", "run-" + r, "/models/v" + r + ".pwmodel", "d".repeat(64), null, "challenger");
            }
            registry.setAlias("credit-risk", "champion", 1, "promote");

            assertThat(versions.find(v1.id())).get().extracting(DatasetVersion::runs).isEqualTo(1);
            List<DatasetVersions.RunUse> used = versions.runsUsing(A);
            assertThat(used).singleElement().satisfies(use -> {
                assertThat(use.runKey()).isEqualTo("run-1");
                assertThat(use.name()).isEqualTo("credit-risk.yaml");
                assertThat(use.experiment()).isEqualTo("credit-risk");
                assertThat(use.status()).isEqualTo("finished");
                assertThat(use.nodeId()).isEqualTo("read");
                assertThat(use.models()).containsExactly(new DatasetVersions.ModelUse("credit-risk", 1, List.of("champion")));
            });
            assertThat(versions.runsUsing(B).get(0).models()).containsExactly(new DatasetVersions.ModelUse("credit-risk", 2, List.of("challenger")));
            assertThat(versions.runsUsing("e".repeat(64))).isEmpty();

            var lineage = versions.modelLineage("credit-risk", 2).orElseThrow();
            assertThat(lineage.model().aliases()).containsExactly("challenger");
            assertThat(lineage.run().runKey()).isEqualTo("run-2");
            assertThat(lineage.datasets()).singleElement().satisfies(use -> {
                assertThat(use.nodeId()).isEqualTo("read");
                assertThat(use.version().id()).isEqualTo(v2.id());
                assertThat(use.history()).extracting(DatasetVersion::id).containsExactly(v2.id(), v1.id());
            });
            assertThat(versions.modelLineage("credit-risk", 1).orElseThrow().datasets().get(0).version().id()).isEqualTo(v1.id());
            assertThat(versions.modelLineage("credit-risk", 7)).isEmpty();
            assertThat(versions.modelLineage("nosuch", 1)).isEmpty();

            // a model registered without a run has a chain of one link
            registry.register("manual", null, "/models/m.pwmodel", "f".repeat(64), null, null);
            var alone = versions.modelLineage("manual", 1).orElseThrow();
            assertThat(alone.run()).isNull();
            assertThat(alone.datasets()).isEmpty();
        }
    }
}
