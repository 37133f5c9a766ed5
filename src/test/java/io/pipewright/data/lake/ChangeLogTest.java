package io.pipewright.data.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipewright.data.DatasetException;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.RecordSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change log's files: batches with their offsets, the Silver rows merged from the base and the later
 * events (key updates, deletes, truncates), compaction, and what a killed writer leaves behind.
 */
class ChangeLogTest {
    private static final List<ChangeLog.Column> COLUMNS = List.of(new ChangeLog.Column("id", "NUMBER"), new ChangeLog.Column("name", "STRING"));

    @TempDir
    Path data;

    private ChangeLog started() {
        ChangeLog log = ChangeLog.open(LayerReference.changeLogFolder(data, "people"));
        log.start("people", "jdbc:postgresql://db/shop#public.people", null, "public.people", List.of("id"), COLUMNS, "pipewright_people");
        return log;
    }

    private static Map<String, String> row(Object id, String name) {
        return ChangeLogRows.row(id, name);
    }

    private static ChangeEvent event(String op, Map<String, String> before, Map<String, String> after) {
        return ChangeLogRows.event(op, before, after);
    }

    private List<List<String>> read(String reference) throws Exception {
        var rows = new ArrayList<List<String>>();
        try (RecordSource source = DatasetReader.fileOrLayer(reference, data).source()) {
            for (var chunk = source.next(); chunk != null; chunk = source.next()) {
                var parsed = chunk.parse();
                for (int i = 0; i < parsed.size(); i++) {
                    rows.add(java.util.Arrays.asList(parsed.values()[i]));
                }
            }
        }
        return rows;
    }

    @Test
    void silverHoldsTheCurrentRowByKeyAfterInsertsUpdatesKeyChangesAndDeletes() throws Exception {
        ChangeLog log = started();
        log.append(List.of(event("r", null, row(1, "ada")), event("r", null, row(2, "bob")), event("r", null, row(3, "cy"))),
                Map.of("lsn", 10L, "snapshot", true, "last_snapshot_record", true), true, COLUMNS);
        log.append(List.of(event("u", null, row(2, "bobby")), event("d", row(1, null), null), event("u", row(3, "cy"), row(30, "cy")),
                event("c", null, row(4, "dee"))), Map.of("lsn", 20L), true, COLUMNS);

        assertThat(read("silver/people")).containsExactly(List.of("2", "bobby"), List.of("30", "cy"), List.of("4", "dee"));
        List<List<String>> bronze = read("bronze/people");
        assertThat(bronze).hasSize(7);
        assertThat(bronze.stream().map(r -> r.get(0)).toList()).as("numbered in order, from 1").containsExactly("1", "2", "3", "4", "5", "6", "7");
        assertThat(bronze.get(4)).containsExactly("5", "d", "2026-12-07T10:00:00Z", "100", "7", "{\"id\":\"1\",\"name\":null}", null);
        assertThat(ChangeLog.open(log.directory()).manifest().offset()).as("the offset of the last batch is kept with it").containsEntry("lsn", 20);
    }

    @Test
    void aTruncateEmptiesSilverAndCompactionKeepsTheSameRowsInFewerFiles() throws Exception {
        ChangeLog log = started();
        var random = new Random(11);
        var expected = new LinkedHashMap<Integer, String>();
        for (int batch = 0; batch < 30; batch++) {
            var events = new ArrayList<ChangeEvent>();
            for (int i = 0; i < 20; i++) {
                int id = random.nextInt(100);
                if (random.nextInt(4) == 0 && expected.containsKey(id)) {
                    events.add(event("d", row(id, null), null));
                    expected.remove(id);
                } else {
                    String name = "n" + random.nextInt(1000);
                    events.add(event(expected.containsKey(id) ? "u" : "c", null, row(id, name)));
                    expected.put(id, name);
                }
            }
            log.append(events, Map.of("lsn", (long) batch), true, COLUMNS);
        }
        var before = read("silver/people");
        assertThat(before).hasSize(expected.size());
        assertThat(Files.list(log.directory().resolve("bronze")).count()).isEqualTo(30);

        log.compact();
        assertThat(read("silver/people")).as("the same rows, read from the new base").containsExactlyElementsOf(before);
        assertThat(Files.list(log.directory().resolve("bronze")).count()).as("the small segments merged into one").isEqualTo(1);
        assertThat(read("bronze/people")).hasSize(600);

        log.append(List.of(new ChangeEvent(0, "t", "2026-12-07T11:00:00Z", 500, 9L, null, null), event("c", null, row(7, "after"))),
                Map.of("lsn", 500L), true, COLUMNS);
        assertThat(read("silver/people")).containsExactly(List.of("7", "after"));
    }

    /** The rows as a map loaded whole and each event applied in order would hold them: what Silver must read as. */
    private static void applyToMap(Map<String, Map<String, String>> rows, ChangeEvent event) {
        switch (event.op()) {
            case "t" -> rows.clear();
            case "d" -> rows.remove(event.before().get("id"));
            default -> {
                if (event.before() != null && !event.before().get("id").equals(event.after().get("id"))) {
                    rows.remove(event.before().get("id"));
                }
                rows.put(event.after().get("id"), event.after());
            }
        }
    }

    @Test
    void silverStreamsTheBaseWithTheLaterEventsAppliedInTheOrderAWholeMapWouldHold() throws Exception {
        ChangeLog log = started();
        var random = new Random(23);
        var expected = new LinkedHashMap<String, Map<String, String>>();
        for (int batch = 0; batch < 60; batch++) {
            var events = new ArrayList<ChangeEvent>();
            for (int i = 0; i < 25; i++) {
                String id = Integer.toString(random.nextInt(80));
                boolean present = expected.containsKey(id);
                int dice = random.nextInt(20);
                ChangeEvent event;
                if (dice == 0 && batch % 15 == 7) {
                    event = new ChangeEvent(0, "t", "2026-12-07T11:00:00Z", 500, 9L, null, null);
                } else if (present && dice < 5) {
                    event = event("d", row(id, null), null);
                } else if (present && dice < 8) {
                    // the key itself updated, to one not in use
                    String to = Integer.toString(100 + random.nextInt(900));
                    if (expected.containsKey(to)) {
                        continue;
                    }
                    event = event("u", expected.get(id), row(to, "moved" + batch));
                } else {
                    event = event(present ? "u" : "c", present ? expected.get(id) : null, row(id, "n" + random.nextInt(1000)));
                }
                events.add(event);
                applyToMap(expected, event);
            }
            log.append(events, Map.of("lsn", (long) batch), true, COLUMNS);
            if (batch % 10 == 4) {
                log.compact(); // a base, then events after it: updated in place, deleted, inserted again, truncated
            }
            var want = expected.values().stream().map(r -> List.of(r.get("id"), r.get("name"))).toList();
            assertThat(read("silver/people")).as("after batch " + batch).containsExactlyElementsOf(want);
            assertThat(ChangeLog.silverRowCount(ChangeLog.open(log.directory()).manifest(), log.directory())).isEqualTo(want.size());
        }
    }

    @Test
    void filesAKilledWriterLeftThatTheManifestDoesNotListAreNeverReadAndAreDeletedByTheNextWriter() throws Exception {
        ChangeLog log = started();
        log.append(List.of(event("c", null, row(1, "ada"))), Map.of("lsn", 1L), true, COLUMNS);
        // a batch written but killed before its manifest: its segment exists, the manifest does not list it
        Path orphan = log.directory().resolve("bronze/000000000002.jsonl");
        Files.writeString(orphan, "{\"seq\":2,\"op\":\"c\",\"commit_time\":null,\"lsn\":2,\"tx_id\":null,\"before\":null,\"after\":{\"id\":\"2\",\"name\":\"lost\"}}\n");
        Files.writeString(log.directory().resolve("manifest.json.tmp"), "{\"half");

        assertThat(read("silver/people")).containsExactly(List.of("1", "ada"));
        ChangeLog.open(log.directory()).clean();
        assertThat(orphan).doesNotExist();
        assertThat(ChangeLog.open(log.directory()).manifest().offset()).containsEntry("lsn", 1);
    }

    @Test
    void aMissingDatasetAndABrokenManifestAreOneLineNamingThem() throws Exception {
        assertThatThrownBy(() -> read("silver/nothing")).isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("silver/nothing: no such dataset in this data folder");
        assertThatThrownBy(() -> read("gold/nothing")).isInstanceOf(DatasetException.class).hasMessageStartingWith("gold/nothing: no such dataset");
        Path folder = LayerReference.changeLogFolder(data, "broken");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("manifest.json"), "{\"format\": 1, \"name\": ");
        assertThatThrownBy(() -> read("silver/broken")).isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(folder.resolve("manifest.json") + ": not a change log's manifest");
        Files.writeString(folder.resolve("manifest.json"), "{\"format\": 9, \"name\": \"broken\"}");
        assertThatThrownBy(() -> read("silver/broken")).isInstanceOf(DatasetException.class).hasMessageContaining("written by a newer Pipewright");
    }

    @Test
    void aFileNamedLikeALayerWinsAndOnlyLayerNamesAreReferences() throws Exception {
        assertThat(LayerReference.looksLikeOne("silver/orders")).isTrue();
        assertThat(LayerReference.looksLikeOne("platinum/orders")).isFalse();
        assertThat(LayerReference.looksLikeOne("silver/Orders.csv")).isFalse();
        assertThatThrownBy(() -> LayerReference.checkName("Bad-Name")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Bad-Name: not a dataset name");
        Path folder = Files.createDirectories(data.resolve("silver"));
        Files.writeString(folder.resolve("x"), "a,b\n1,2\n");
        String cwd = System.getProperty("user.dir");
        assertThat(DatasetReader.fileOrLayer(folder.resolve("x").toString(), data).layer()).isNull();
        assertThat(DatasetReader.fileOrLayer("silver/x", data).layer()).as("no file silver/x in the working folder " + cwd)
                .isEqualTo(new LayerReference("silver", "x"));
    }

    @Test
    void aSecondWriterOfTheSameLogIsRefused() {
        ChangeLog log = started();
        try (var lock = log.lockForWriting()) {
            assertThatThrownBy(() -> ChangeLog.open(log.directory()).lockForWriting()).isInstanceOf(DatasetException.class)
                    .hasMessage("people: another ingester is writing this change log; stop it first");
        }
    }
}
