package io.pipewright.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Model files built to attack the reader, each with a manifest whose hash matches its payload (so
 * the payload reaches the loader): what an attacker who can write a .pwmodel can hand to
 * {@code score} or {@code serve}.
 */
public final class HostileModels {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HostileModels() {
    }

    /** A real random forest's model file, to take the manifest from. */
    public static Path forest(Path dir) {
        Path file = dir.resolve("real" + ModelArtifact.EXTENSION);
        if (!Files.exists(file)) {
            var model = Trainer.fit(ModelArtifactTest.table(300, 1), null, new Trainer.Request("label", "random_forest", Map.of("trees", 5), null, List.of(), 5,
                    "abc", List.of(), null), TrainingListener.NONE);
            ModelArtifact.write(model, "m", Map.of(), "test", file);
        }
        return file;
    }

    /** A random forest's model file whose payload is {@code object}, serialized as Smile's models are (the manifest's hash matching). */
    public static Path smile(Path dir, String name, Object object) {
        byte[] serialized = serialize(object);
        var payload = ByteBuffer.allocate(8 + serialized.length).putInt(2).putInt(2).put(serialized).array();
        return withPayload(forest(dir), dir.resolve(name), "random_forest", payload);
    }

    /** A copy of {@code from} with another algorithm and payload, its manifest declaring the payload's true size and SHA-256. */
    public static Path withPayload(Path from, Path to, String algorithm, byte[] payload) {
        try (var in = new ZipInputStream(Files.newInputStream(from)); var out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                out.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals("manifest.json")) {
                    var manifest = (ObjectNode) JSON.readTree(bytes);
                    manifest.put("algorithm", algorithm);
                    ((ObjectNode) manifest.get("payload")).put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload)))
                            .put("bytes", payload.length);
                    out.write(JSON.writeValueAsBytes(manifest));
                } else {
                    out.write(payload);
                }
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return to;
    }

    /** A copy of {@code from} whose payload entry has {@code zeros} zero bytes after the real payload; the manifest is left as it was. */
    public static Path inflating(Path from, Path to, long zeros) {
        try (var in = new ZipInputStream(Files.newInputStream(from)); var out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(bytes);
                if (entry.getName().equals("payload.bin")) {
                    writeZeros(out, zeros);
                }
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    static void writeZeros(OutputStream out, long count) throws IOException {
        byte[] block = new byte[1 << 20];
        for (long left = count; left > 0; left -= block.length) {
            out.write(block, 0, (int) Math.min(block.length, left));
        }
    }

    /**
     * A URLDNS-style gadget: a map whose key is a URL (deserializing it would make the map hash the
     * URL, which resolves its host). Built offline: the handler answers the lookup while the map is
     * built, and is not serialized.
     */
    public static Map<Object, Object> urlGadget() {
        try {
            var offline = new URLStreamHandler() {
                @Override
                protected URLConnection openConnection(URL url) {
                    throw new UnsupportedOperationException("offline");
                }

                @Override
                protected synchronized InetAddress getHostAddress(URL url) {
                    return null;
                }
            };
            var gadget = new HashMap<Object, Object>();
            gadget.put(new URL(null, "http://pipewright-gadget.invalid/", offline), "x");
            return gadget;
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The "billion laughs" of Java serialization: {@code levels} levels of two maps each, every map
     * holding both maps of the next level as keys. Reading it back hashes each map as a key, which
     * hashes its keys, and so on: 2^levels steps. Built cheaply (each map is empty when it is put).
     */
    public static Map<Object, Object> hashBomb(int levels) {
        Map<Object, Object> root = new HashMap<>();
        Map<Object, Object> left = root;
        Map<Object, Object> right = new HashMap<>();
        for (int i = 0; i < levels; i++) {
            Map<Object, Object> nextLeft = new HashMap<>();
            Map<Object, Object> nextRight = new HashMap<>();
            nextLeft.put("left", 1); // unequal maps, or the two keys would be one
            left.put(nextLeft, 0);
            left.put(nextRight, 0);
            right.put(nextLeft, 0);
            right.put(nextRight, 0);
            left = nextLeft;
            right = nextRight;
        }
        return root;
    }

    public static byte[] serialize(Object object) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A serialized double[1] whose length field is rewritten to {@code length}: a few bytes that claim a huge array. */
    public static byte[] lyingArray(int length) {
        byte[] bytes = serialize(new double[] {1.5});
        // the length is the int just before the 8 bytes of the one element
        ByteBuffer.wrap(bytes).putInt(bytes.length - 12, length);
        return bytes;
    }

    /** A chain of {@code depth} maps, each holding the next as the value of "next" (plain keys: only the depth is wrong). */
    public static Serializable deepChain(int depth) {
        var head = new HashMap<String, Object>();
        var at = head;
        for (int i = 0; i < depth; i++) {
            var next = new HashMap<String, Object>();
            at.put("next", next);
            at = next;
        }
        return head;
    }
}
