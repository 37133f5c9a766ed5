package io.pipewright.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.TableLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestLogTest {
    @TempDir
    Path dir;

    @Test
    void everyPredictedRowIsALineThatPipewrightReadsAsADataset() throws Exception {
        try (var log = new RequestLog(dir, 1_000_000, 5)) {
            var missing = new HashMap<String, Object>();
            missing.put("x", null);
            missing.put("colour", "blue");
            log.log(List.of(Map.of("x", 1.5, "colour", "red"), missing), List.of("yes", "no"));
            log.log(List.of(Map.of("x", -0.5, "colour", "red")), List.of("no"));
        }
        var lines = Files.readAllLines(dir.resolve(RequestLog.FILE));
        assertThat(lines).hasSize(3);
        var first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.path("x").asDouble()).isEqualTo(1.5);
        assertThat(first.path("prediction").asText()).isEqualTo("yes");
        assertThat(first.path("_time").asText()).isNotEmpty();
        var table = TableLoader.load(DatasetReader.open(dir.resolve(RequestLog.FILE)));
        assertThat(table.rowCount()).as("the log profiles like any JSON Lines file").isEqualTo(3);
        assertThat(table.column("x").countMissing()).isEqualTo(1);
    }

    @Test
    void theLogRotatesAtItsSizeAndKeepsTheNewestFiles() throws Exception {
        try (var log = new RequestLog(dir, 200, 2)) {
            for (int i = 0; i < 40; i++) {
                log.log(List.of(Map.of("x", (double) i, "colour", "red")), List.of("yes"));
                // one row at a time: the writer rotates when it has caught up, so each row is let through first
                long rows = i + 1;
                io.pipewright.Await.until("row " + rows + " written", java.time.Duration.ofSeconds(10), () -> log.written() == rows);
            }
        }
        try (var files = Files.list(dir)) {
            var names = files.map(path -> path.getFileName().toString()).toList();
            assertThat(names.stream().filter(name -> name.startsWith("requests-"))).as("rotated files kept").hasSize(2);
        }
    }
}
