package io.pipewright.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gzipped dataset built to expand without end: refused in one line naming the file, exit 2, soon, whatever the format. */
class GzipBombCommandTest {
    @TempDir
    static Path home;

    /** {@code header} and then {@code body} repeated to {@code total} bytes, gzipped into {@code name}. */
    private static Path bomb(String name, String header, String body, long total) throws IOException {
        Path file = home.resolve(name);
        try (var out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            byte[] block = body.repeat(Math.max(1, (1 << 16) / body.length())).getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written < total; written += block.length) {
                out.write(block);
            }
        }
        return file;
    }

    @Test
    void csvJsonLinesAndArffBombsAreRefusedByProfile() throws IOException {
        var bombs = new java.util.LinkedHashMap<Path, String>();
        bombs.put(bomb("zeros.csv.gz", "a,b,c,d\n", "0,0,0,0\n", 96L << 20), "zeros.csv.gz");
        // one endless line: a line reader would hold all of it
        bombs.put(bomb("endless.jsonl.gz", "{\"a\": \"", "x", 96L << 20), "endless.jsonl.gz");
        bombs.put(bomb("endless.arff.gz", "@relation r\n@attribute a numeric\n@data\n", "0", 96L << 20), "endless.arff.gz");
        for (var file : bombs.entrySet()) {
            assertThat(file.getKey().toFile().length()).as(file.getValue()).isLessThan(1 << 20);
            var run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.in(home, "profile", file.getKey().toString()));
            assertThat(run.code()).as(file.getValue()).isEqualTo(Cli.BAD_INPUT);
            assertThat(run.errLines()).as(file.getValue()).hasSize(1).allSatisfy(line -> assertThat(line)
                    .startsWith("pipewright: " + file.getValue() + ": the gzip data expands more than 500 times its compressed size (")
                    .endsWith("which no real table does; it was not read (decompress it first if it is real data)"));
        }
    }
}
