package io.pipewright.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The SHA-256 of rows read as text (a database's table, a captured table's layer), and the bytes of that text:
 * the column names, then each row's cells (a missing one as a NUL byte), each followed by 0x1f, each row by 0x1e.
 * The same rows give the same fingerprint, whichever source read them.
 */
public final class RowFingerprint {
    private static final byte[] MISSING = {0};

    private final MessageDigest digest;
    private long textBytes;

    public RowFingerprint(List<String> columns) {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        digest.update(String.join("\u001f", columns).getBytes(StandardCharsets.UTF_8));
    }

    public void add(String[] row) {
        for (String cell : row) {
            byte[] bytes = cell == null ? MISSING : cell.getBytes(StandardCharsets.UTF_8);
            textBytes += bytes.length;
            digest.update(bytes);
            digest.update((byte) 0x1f);
        }
        digest.update((byte) 0x1e);
    }

    /** The UTF-8 bytes of the cells added so far (a missing cell counts one). */
    public long textBytes() {
        return textBytes;
    }

    /** The hex SHA-256 of everything added; call once, at the end. */
    public String finish() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
