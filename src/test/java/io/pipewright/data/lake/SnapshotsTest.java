package io.pipewright.data.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipewright.data.DatasetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versions of a dataset: kept as shared chunks, rebuilt byte for byte, compared by key, collected; a damaged or
 * missing chunk is named and leaves the output as it was.
 */
class SnapshotsTest {
    private static final int ROWS = 40_000;

    @TempDir
    Path dir;

    private static List<String> rows(long seed) {
        var random = new Random(seed);
        var rows = new ArrayList<String>();
        rows.add("id,customer,amount,country,paid");
        for (int id = 1; id <= ROWS; id++) {
            rows.add(id + ",c" + random.nextInt(5_000) + "," + random.nextInt(100_000) / 100.0 + "," + List.of("DE", "FR", "NL", "PL").get(random.nextInt(4))
                    + "," + random.nextBoolean());
        }
        return rows;
    }

    private Path write(String name, List<String> rows) throws Exception {
        return Files.write(dir.resolve(name), rows);
    }

    @Test
    void aSecondVersionWithOnePercentOfItsRowsChangedKeepsUnderATenthOfTheFirstsBytesAndBothCheckOutByteForByte() throws Exception {
        var snapshots = new Snapshots(dir.resolve("data"));
        List<String> first = rows(1);
        Path v1File = write("orders.csv", first);
        Snapshots.Version v1 = snapshots.commit(v1File, "silver", "orders", "first load", List.of("id"), v1File.toString(), done -> { });

        // 1 % of the rows changed, scattered at random; 50 rows removed and 80 added
        var random = new Random(2);
        List<String> second = new ArrayList<>(first);
        var changed = new java.util.TreeSet<Integer>();
        while (changed.size() < ROWS / 100) {
            changed.add(1 + random.nextInt(ROWS));
        }
        for (int id : changed) {
            String[] cells = second.get(id).split(",");
            second.set(id, cells[0] + "," + cells[1] + "," + (Double.parseDouble(cells[2]) + 1) + "," + cells[3] + "," + cells[4]);
        }
        var removed = new ArrayList<Integer>();
        for (int id = ROWS - 100; id < ROWS - 50; id++) {
            if (!changed.contains(id)) {
                removed.add(id);
            }
        }
        for (int i = removed.size() - 1; i >= 0; i--) {
            second.remove((int) removed.get(i));
        }
        for (int id = ROWS + 1; id <= ROWS + 80; id++) {
            second.add(id + ",c1,1.0,DE,true");
        }
        Path v2File = write("orders-2.csv", second);
        Snapshots.Version v2 = snapshots.commit(v2File, "silver", "orders", "fixed amounts", List.of("id"), v2File.toString(), done -> { });

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.parent()).isEqualTo(1);
        assertThat(v1.rows()).isEqualTo(ROWS);
        assertThat(v2.storedBytes()).as("deduplicated: the second version keeps under 10 % of what the first kept (%d of %d bytes)",
                v2.storedBytes(), v1.storedBytes()).isLessThan(v1.storedBytes() / 10);

        Path out1 = dir.resolve("out/v1.csv");
        Path out2 = dir.resolve("out/v2.csv");
        snapshots.checkout(snapshots.resolve("orders@1"), out1, done -> { });
        snapshots.checkout(snapshots.resolve("silver/orders"), out2, done -> { });
        assertThat(Files.mismatch(out1, v1File)).isEqualTo(-1);
        assertThat(Files.mismatch(out2, v2File)).isEqualTo(-1);

        Snapshots.Diff diff = snapshots.diff(v1, v2, null, Files.createDirectories(dir.resolve("scratch")));
        assertThat(diff.key()).containsExactly("id");
        assertThat(diff.changed()).isEqualTo(changed.size() - changed.stream().filter(removed::contains).count());
        assertThat(diff.removed()).isEqualTo(removed.size());
        assertThat(diff.added()).isEqualTo(80);
        assertThat(diff.addedKeys()).hasSize(10).startsWith(Integer.toString(ROWS + 1));
        assertThat(diff.addedColumns()).isEmpty();
        assertThat(Files.list(dir.resolve("scratch"))).as("the diff's scratch files are deleted").isEmpty();
    }

    @Test
    void aDamagedOrMissingChunkIsNamedAndTheOutputIsLeftAsItWas() throws Exception {
        var snapshots = new Snapshots(dir.resolve("data"));
        Path file = write("orders.csv", rows(3));
        Snapshots.Version version = snapshots.commit(file, "bronze", "orders", null, List.of(), file.toString(), done -> { });
        assertThat(version.chunks().size()).isGreaterThan(3);
        Path out = Files.writeString(dir.resolve("kept.csv"), "what was here before\n");

        String damaged = version.chunks().get(2).hash();
        Path object = snapshots.objects().path(damaged);
        byte[] bytes = Files.readAllBytes(object);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(object, bytes);
        assertThatThrownBy(() -> snapshots.checkout(version, out, done -> { })).isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("chunk " + damaged + " in ").hasMessageContaining("is corrupt");
        assertThat(Files.readString(out)).isEqualTo("what was here before\n");
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));

        Files.delete(object);
        assertThatThrownBy(() -> snapshots.checkout(version, out, done -> { })).isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("chunk " + damaged + " is missing from ");
        assertThat(Files.readString(out)).isEqualTo("what was here before\n");
    }

    @Test
    void collectingKeepsTheNewestVersionsAndEveryChunkTheyNeedAndFreesTheRest() throws Exception {
        var snapshots = new Snapshots(dir.resolve("data"));
        List<Path> files = new ArrayList<>();
        for (int v = 0; v < 3; v++) {
            List<String> rows = rows(10 + v);
            Path file = write("v" + v + ".csv", rows);
            files.add(file);
            snapshots.commit(file, "gold", "scores", "v" + v, List.of("id"), file.toString(), done -> { });
        }
        long before = snapshots.storedBytes();
        Snapshots.Collected collected = snapshots.gc(1, Duration.ZERO);
        assertThat(collected.versions()).isEqualTo(2);
        assertThat(collected.chunks()).isPositive();
        assertThat(snapshots.storedBytes()).isEqualTo(before - collected.bytes());
        assertThat(snapshots.log("gold", "scores")).extracting(Snapshots.Version::version).containsExactly(3);
        Path out = dir.resolve("out.csv");
        snapshots.checkout(snapshots.resolve("gold/scores@3"), out, done -> { });
        assertThat(Files.mismatch(out, files.get(2))).isEqualTo(-1);
    }

    @Test
    void eachBadReferenceIsOneLineNamingWhatThereIs() throws Exception {
        var snapshots = new Snapshots(dir.resolve("data"));
        Path file = write("orders.csv", rows(4).subList(0, 100));
        snapshots.commit(file, "bronze", "orders", null, List.of(), file.toString(), done -> { });
        snapshots.commit(file, "silver", "orders", null, List.of(), file.toString(), done -> { });
        assertThatThrownBy(() -> snapshots.resolve("nothing")).hasMessage("nothing: no such dataset (datasets with versions: bronze/orders, silver/orders)");
        assertThatThrownBy(() -> snapshots.resolve("orders")).hasMessage("orders: orders is in several layers (bronze, silver); write LAYER/orders");
        assertThatThrownBy(() -> snapshots.resolve("silver/orders@7")).hasMessage("silver/orders@7: no such version (silver/orders has [@1])");
        assertThatThrownBy(() -> snapshots.resolve("silver/orders@x")).hasMessage("silver/orders@x: a version is a number (NAME@3)");
        assertThatThrownBy(() -> snapshots.commit(file, "platinum", "orders", null, List.of(), (String) null, done -> { }))
                .hasMessage("--layer platinum: one of bronze, silver, gold");
        assertThatThrownBy(() -> snapshots.commit(file, "gold", "orders", null, List.of("nope"), (String) null, done -> { }))
                .hasMessageStartingWith("--key nope: orders.csv has no such column (it has id, customer, amount, country, paid)");
        assertThat(snapshots.log("gold", "orders")).as("a refused commit writes no version").isEmpty();
    }
}
