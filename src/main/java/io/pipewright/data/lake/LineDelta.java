package io.pipewright.data.lake;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;

/**
 * A chunk written as the lines it shares with another chunk (its base) plus the lines it does not: a version
 * of a file that changed a few rows of a chunk stores those rows, not the chunk again. The encoding is a list of
 * operations: copy {@code n} lines of the base from line {@code i}, or insert these bytes.
 */
final class LineDelta {
    private static final byte COPY = 1;
    private static final byte INSERT = 2;

    private LineDelta() {
    }

    /**
     * A delta, and where its first copy lines the two chunks up: byte {@code targetAt} of the target is byte
     * {@code baseAt} of the base (-1 and -1 when it copies nothing).
     */
    record Encoded(byte[] bytes, int targetAt, int baseAt) {
    }

    /** The delta that makes {@code target} from {@code base}. */
    static Encoded encode(byte[] base, byte[] target) throws IOException {
        int[] baseLines = lineStarts(base);
        var index = new HashMap<Line, Integer>(baseLines.length * 2);
        for (int i = baseLines.length - 2; i >= 0; i--) {
            index.put(new Line(base, baseLines[i], baseLines[i + 1]), i); // the first occurrence wins
        }
        int[] targetLines = lineStarts(target);
        var bytes = new ByteArrayOutputStream(Math.max(64, target.length / 16));
        var out = new DataOutputStream(bytes);
        int literalFrom = -1;
        int copyFrom = -1;
        int copyCount = 0;
        int targetAt = -1;
        int baseAt = -1;
        for (int t = 0; t < targetLines.length - 1; t++) {
            var line = new Line(target, targetLines[t], targetLines[t + 1]);
            int next = copyFrom + copyCount;
            if (copyCount > 0 && next < baseLines.length - 1 && new Line(base, baseLines[next], baseLines[next + 1]).equals(line)) {
                copyCount++;
                continue;
            }
            Integer found = index.get(line);
            if (found != null) {
                if (copyCount > 0) {
                    copy(out, copyFrom, copyCount);
                }
                if (literalFrom >= 0) {
                    insert(out, target, targetLines[literalFrom], targetLines[t]);
                    literalFrom = -1;
                }
                copyFrom = found;
                copyCount = 1;
                if (targetAt < 0) {
                    targetAt = targetLines[t];
                    baseAt = baseLines[found];
                }
            } else {
                if (copyCount > 0) {
                    copy(out, copyFrom, copyCount);
                    copyCount = 0;
                }
                if (literalFrom < 0) {
                    literalFrom = t;
                }
            }
        }
        if (copyCount > 0) {
            copy(out, copyFrom, copyCount);
        }
        if (literalFrom >= 0) {
            insert(out, target, targetLines[literalFrom], targetLines[targetLines.length - 1]);
        }
        out.flush();
        return new Encoded(bytes.toByteArray(), targetAt, baseAt);
    }

    /** The chunk {@code delta} makes from {@code base}. */
    static byte[] decode(byte[] base, byte[] delta) throws IOException {
        int[] baseLines = lineStarts(base);
        var in = new DataInputStream(new java.io.ByteArrayInputStream(delta));
        var out = new ByteArrayOutputStream(base.length + delta.length);
        while (in.available() > 0) {
            byte op = in.readByte();
            if (op == COPY) {
                int from = in.readInt();
                int count = in.readInt();
                if (from < 0 || count < 0 || from + count > baseLines.length - 1) {
                    throw new IOException("a copy past the end of its base");
                }
                out.write(base, baseLines[from], baseLines[from + count] - baseLines[from]);
            } else if (op == INSERT) {
                int length = in.readInt();
                if (length < 0 || length > delta.length) {
                    throw new IOException("an insert longer than its delta");
                }
                out.write(in.readNBytes(length));
            } else {
                throw new IOException("an unknown operation " + op);
            }
        }
        return out.toByteArray();
    }

    private static void copy(DataOutputStream out, int from, int count) throws IOException {
        out.writeByte(COPY);
        out.writeInt(from);
        out.writeInt(count);
    }

    private static void insert(DataOutputStream out, byte[] target, int from, int to) throws IOException {
        out.writeByte(INSERT);
        out.writeInt(to - from);
        out.write(target, from, to - from);
    }

    /** Where each line starts, and one past the end: line {@code i} is {@code [starts[i], starts[i + 1])}, its newline included. */
    static int[] lineStarts(byte[] bytes) {
        if (bytes.length == 0) {
            return new int[] {0};
        }
        int[] starts = new int[64];
        int n = 1;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' && i + 1 < bytes.length) {
                if (n + 1 >= starts.length) {
                    starts = Arrays.copyOf(starts, starts.length * 2);
                }
                starts[n++] = i + 1;
            }
        }
        starts[n++] = bytes.length;
        return Arrays.copyOf(starts, n);
    }

    /** A line of a chunk, compared by its bytes. */
    private record Line(byte[] bytes, int from, int to) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Line line && Arrays.equals(bytes, from, to, line.bytes, line.from, line.to);
        }

        @Override
        public int hashCode() {
            int hash = 1;
            for (int i = from; i < to; i++) {
                hash = 31 * hash + bytes[i];
            }
            return hash;
        }
    }
}
