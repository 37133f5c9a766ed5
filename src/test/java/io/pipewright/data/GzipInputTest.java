package io.pipewright.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The bound on how far gzip data may expand: a bomb is refused early, real data of any size is read. */
class GzipInputTest {
    /** {@code total} bytes of lines made by {@code line}, gzipped. */
    private static byte[] gzip(String header, java.util.function.IntFunction<String> line, long total) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(bytes, 1 << 16)) {
            out.write(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            long written = 0;
            for (int i = 0; written < total; i++) {
                byte[] next = line.apply(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                out.write(next);
                written += next.length;
            }
        }
        return bytes.toByteArray();
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
        }
        return total;
    }

    @Test
    void aStreamOfZerosIsRefusedSoonAfterTheFloor() throws IOException {
        String block = "0,0,0,0,0,0,0,0\n".repeat(4096);
        byte[] bomb = gzip("a,b,c,d,e,f,g,h\n", i -> block, 256L << 20);
        assertThat(bomb.length).as("a quarter of a gigabyte in under a megabyte").isLessThan(1 << 20);
        var in = GzipInput.open(new ByteArrayInputStream(bomb), "zeros.csv.gz");
        Throwable refused = catchThrowable(() -> drain(in));
        assertThat(refused).isInstanceOf(DatasetException.class).hasMessageStartingWith("zeros.csv.gz: the gzip data expands more than 500 times its"
                + " compressed size (64 MB from ").hasMessageEndingWith(" KB so far), which no real table does; it was not read (decompress it first if"
                + " it is real data)");
    }

    @Test
    void aSparseTablePastTheFloorIsReadWhole() throws IOException {
        // 200 columns of 0/1 with one 1 in a thousand: about 210 to 1, the most a real table was measured to reach
        var random = new Random(7);
        var line = new StringBuilder();
        byte[] sparse = gzip("header\n", i -> {
            line.setLength(0);
            for (int c = 0; c < 200; c++) {
                line.append(c == 0 ? "" : ",").append(random.nextInt(1000) == 0 ? '1' : '0');
            }
            return line.append('\n').toString();
        }, 80L << 20);
        long expanded = drain(GzipInput.open(new ByteArrayInputStream(sparse), "sparse.csv.gz"));
        assertThat(expanded).isGreaterThan(80L << 20);
        assertThat((double) expanded / sparse.length).as("its ratio").isBetween(100.0, 500.0);
    }
}
