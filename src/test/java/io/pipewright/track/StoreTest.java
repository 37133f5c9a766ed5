package io.pipewright.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {

    private static RecentFile dataset(String path, long rows, Instant at) {
        return new RecentFile(Path.of(path), RecentFile.DATASET, "CSV", 1234, OptionalLong.of(rows), OptionalInt.of(4), at);
    }

    @Test
    void aFreshFolderIsCreatedAndMigrated(@TempDir Path folder) throws Exception {
        Path storeDir = folder.resolve("home/store");
        try (Store store = Store.open(storeDir, "test")) {
            assertThat(store.schemaVersion()).isEqualTo(String.valueOf(Store.SCHEMA_VERSION));
            assertThat(storeDir.resolve("pipewright.mv.db")).isRegularFile();
            assertThat(store.sizeBytes()).isPositive();
            try (Connection connection = store.connection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM recent_file")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
            assertThat(StoreOwner.read(storeDir)).get().extracting(StoreOwner::pid).isEqualTo(ProcessHandle.current().pid());
        }
        assertThat(StoreOwner.read(storeDir)).isEmpty();
    }

    @Test
    void theSchemaVersionConstantNamesTheLastMigration() throws Exception {
        int highest;
        try (var files = Files.list(Path.of("src/main/resources/io/pipewright/track/migration"))) {
            highest = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .max().orElseThrow();
        }
        // migrations written in Java (they encode data the way Pipewright does) count too
        highest = Math.max(highest, Integer.parseInt(new MetricBlocksMigration().getVersion().getVersion()));
        highest = Math.max(highest, Integer.parseInt(new io.pipewright.track.migration.ParamValueIndexMigration().getVersion().getVersion()));
        assertThat(Store.SCHEMA_VERSION).isEqualTo(highest);
    }

    @Test
    void aStoreFromAnEarlierVersionIsMigrated(@TempDir Path folder) throws Exception {
        // a store as version 1 of the schema left it
        var flyway = org.flywaydb.core.Flyway.configure()
                .dataSource("jdbc:h2:file:" + folder.resolve("pipewright"), "pipewright", "")
                .locations(Store.MIGRATIONS).target("1").load();
        flyway.migrate();
        try (Store store = Store.open(folder, "test")) {
            assertThat(store.schemaVersion()).isEqualTo(String.valueOf(Store.SCHEMA_VERSION));
            try (Connection connection = store.connection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM dataset_version")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
        }
    }

    @Test
    void reopeningKeepsTheData(@TempDir Path folder) {
        Instant first = Instant.parse("2026-11-01T10:00:00Z");
        try (Store store = Store.open(folder, "test")) {
            var recent = new RecentFiles(store);
            recent.remember(dataset("/data/a.csv", 10, first));
            recent.remember(dataset("/data/b.csv", 20, first.plusSeconds(60)));
            recent.remember(dataset("/data/a.csv", 11, first.plusSeconds(120)));
        }
        try (Store store = Store.open(folder, "test")) {
            List<RecentFile> files = new RecentFiles(store).list();
            assertThat(files).extracting(RecentFile::fileName).containsExactly("a.csv", "b.csv");
            assertThat(files.get(0).rows()).hasValue(11);
            assertThat(files.get(0).openedAt()).isEqualTo(first.plusSeconds(120));
            assertThat(files.get(1).columns()).hasValue(4);
        }
    }

    @Test
    void theRecentListKeepsTheNewestTwenty(@TempDir Path folder) {
        Instant start = Instant.parse("2026-11-01T10:00:00Z");
        try (Store store = Store.open(folder, "test")) {
            var recent = new RecentFiles(store);
            for (int i = 0; i < 25; i++) {
                recent.remember(dataset("/data/f" + i + ".csv", i, start.plusSeconds(i)));
            }
            List<RecentFile> files = recent.list();
            assertThat(files).hasSize(RecentFiles.LIMIT);
            assertThat(files.get(0).fileName()).isEqualTo("f24.csv");
            assertThat(files.get(files.size() - 1).fileName()).isEqualTo("f5.csv");
            recent.forget(Path.of("/data/f24.csv"));
            assertThat(recent.list()).hasSize(RecentFiles.LIMIT - 1).extracting(RecentFile::fileName).doesNotContain("f24.csv");
        }
    }

    @Test
    void aStoreFromANewerVersionIsRefusedAndLeftUnchanged(@TempDir Path folder) throws Exception {
        final int future = Store.SCHEMA_VERSION + 1;
        try (Store store = Store.open(folder, "test")) {
            new RecentFiles(store).remember(dataset("/data/a.csv", 10, Instant.parse("2026-11-01T10:00:00Z")));
            try (Connection connection = store.connection(); Statement statement = connection.createStatement()) {
                // what a later Pipewright would have recorded after its own next migration
                statement.executeUpdate("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", \"type\", "
                        + "\"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\") "
                        + "VALUES (" + future + ", '" + future + "', 'from the future', 'SQL', 'V" + future + "__from_the_future.sql', 0, 'pipewright', 1, TRUE)");
                statement.executeUpdate("CREATE TABLE future_thing (id INT)");
            }
        }
        // a newer Pipewright notes its schema version beside the database
        Files.writeString(folder.resolve(Store.SCHEMA_FILE), future + "\n");
        String before = digest(folder.resolve("pipewright.mv.db"));

        assertThatThrownBy(() -> Store.open(folder, "test"))
                .isInstanceOf(StoreTooNewException.class)
                .hasMessageContaining("written by a newer Pipewright")
                .hasMessageContaining("schema version " + future)
                .hasMessageContaining("knows up to " + Store.SCHEMA_VERSION)
                .hasMessageContaining(folder.toString())
                .satisfies(error -> assertThat(error.getMessage()).doesNotContain("\n"));

        assertThat(digest(folder.resolve("pipewright.mv.db"))).as("the database file is byte for byte the same").isEqualTo(before);
        assertThat(StoreOwner.read(folder)).as("no owner left behind").isEmpty();
    }

    @Test
    void aNewerStoreWithoutTheVersionNoteIsStillRefusedUnchanged(@TempDir Path folder) throws Exception {
        final int future = Store.SCHEMA_VERSION + 1;
        try (Store store = Store.open(folder, "test");
             Connection connection = store.connection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", \"type\", "
                    + "\"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\") "
                    + "VALUES (" + future + ", '" + future + "', 'from the future', 'SQL', 'V" + future + "__from_the_future.sql', 0, 'pipewright', 1, TRUE)");
        }
        Files.delete(folder.resolve(Store.SCHEMA_FILE)); // copied from elsewhere without it
        String before = digest(folder.resolve("pipewright.mv.db"));
        assertThatThrownBy(() -> Store.open(folder, "test")).isInstanceOf(StoreTooNewException.class).hasMessageContaining("schema version " + future);
        assertThat(digest(folder.resolve("pipewright.mv.db"))).isEqualTo(before);
    }

    @Test
    void aSecondProcessIsToldWhoHoldsTheStore(@TempDir Path folder) throws Exception {
        Process holder = StoreHolder.start(folder);
        try {
            assertThatThrownBy(() -> Store.open(folder, "test"))
                    .isInstanceOf(StoreInUseException.class)
                    .hasMessageContaining("is in use by another Pipewright (process " + holder.pid())
                    .hasMessageContaining("--home")
                    .satisfies(error -> assertThat(((StoreInUseException) error).owner()).get()
                            .extracting(StoreOwner::pid).isEqualTo(holder.pid()));
        } finally {
            StoreHolder.stop(holder);
        }
        // once the other process is gone the store opens, with nothing lost
        try (Store store = Store.open(folder, "test")) {
            assertThat(store.schemaVersion()).isEqualTo(String.valueOf(Store.SCHEMA_VERSION));
        }
    }

    @Test
    void anOpenerWaitsForAProcessThatHoldsTheStoreForAMoment(@TempDir Path folder) throws Exception {
        try (Store store = Store.open(folder, "test")) {
            new RecentFiles(store).remember(dataset("/data/kept.csv", 3, Instant.parse("2026-11-01T10:00:00Z")));
        }
        Process holder = StoreHolder.start(folder);
        // the other process lets go 0.3 s later, as a server following its alias does after reading it
        var letGo = new java.util.concurrent.atomic.AtomicBoolean();
        var release = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(300);
                letGo.set(true);
                StoreHolder.stop(holder);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (Store store = Store.open(folder, "test")) {
            assertThat(letGo).as("opened only once the holder was told to let go").isTrue();
            assertThat(new RecentFiles(store).list()).extracting(RecentFile::fileName).containsExactly("kept.csv");
        } finally {
            release.join();
        }
    }

    @Test
    void aKilledHolderLeavesAStoreThatOpens(@TempDir Path folder) throws Exception {
        try (Store store = Store.open(folder, "test")) {
            new RecentFiles(store).remember(dataset("/data/kept.csv", 3, Instant.parse("2026-11-01T10:00:00Z")));
        }
        Process holder = StoreHolder.start(folder);
        holder.destroyForcibly().waitFor(20, TimeUnit.SECONDS);

        try (Store store = Store.open(folder, "test")) {
            assertThat(new RecentFiles(store).list()).extracting(RecentFile::fileName).containsExactly("kept.csv");
            assertThat(StoreOwner.read(folder)).get().extracting(StoreOwner::pid).isEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void aDamagedFileGetsAClearMessage(@TempDir Path folder) throws Exception {
        Files.write(folder.resolve("pipewright.mv.db"), "this is not an H2 database, just text that got here".repeat(200)
                .getBytes(StandardCharsets.UTF_8));
        String before = digest(folder.resolve("pipewright.mv.db"));
        assertThatThrownBy(() -> Store.open(folder, "test"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(folder.toString())
                .satisfies(error -> assertThat(error.getMessage()).doesNotContain("\n"));
        assertThat(digest(folder.resolve("pipewright.mv.db"))).isEqualTo(before);
    }

    private static String digest(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
