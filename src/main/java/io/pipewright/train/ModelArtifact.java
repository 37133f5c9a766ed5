package io.pipewright.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A model file ({@code .pwmodel}): a zip holding {@code manifest.json} (format version, algorithm,
 * input schema, class labels, feature encoding, hyperparameters, metrics, training data
 * fingerprint and its bins per feature, the payload's SHA-256) and {@code payload.bin} (the fitted estimator). Reading
 * checks the payload's hash before anything is loaded from it.
 */
public final class ModelArtifact {
    public static final String EXTENSION = ".pwmodel";
    /**
     * The newest format this Pipewright writes and reads. Version 2 adds the {@code lookup} step (a model trained through
     * a features node, served by entity key); a model without one is still written as version 1, which every Pipewright reads.
     */
    public static final int FORMAT_VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    /** The largest payload a model may declare: what one Java array holds. */
    private static final long MAX_PAYLOAD = Integer.MAX_VALUE - 8;
    /** The largest manifest: its schema, steps and training bins, far under this for any real model. */
    private static final int MAX_MANIFEST = 64 << 20;

    private ModelArtifact() {
    }

    /** A column the model reads: its name and type as seen in training. */
    public record Input(String name, String type) {
    }

    /** Each column's name and kind (numeric, boolean, datetime or categorical). */
    public static List<Input> schema(tech.tablesaw.api.Table table) {
        return table.columns().stream().map(column -> new Input(column.name(), kind(column))).toList();
    }

    static String kind(tech.tablesaw.columns.Column<?> column) {
        if (column instanceof tech.tablesaw.api.NumericColumn<?>) {
            return "numeric";
        }
        if (column instanceof tech.tablesaw.api.BooleanColumn) {
            return "boolean";
        }
        if (column instanceof tech.tablesaw.api.DateTimeColumn) {
            return "datetime";
        }
        return "categorical";
    }

    public record Payload(String file, String sha256, long bytes) {
    }

    public record TrainingDataRef(String sha256, long rows) {
    }

    /** What {@code manifest.json} holds. */
    public record Manifest(String format, int formatVersion, String name, String algorithm, String task, String target, List<String> labels,
                           List<Input> inputs, List<Step> steps, FeatureEncoding encoding, Map<String, Object> hyperparameters, Map<String, Double> metrics,
                           TrainingDataRef trainingData, double[] priors, Payload payload, String createdAt, String pipewrightVersion,
                           List<FeatureBins> reference) {
    }

    public static Manifest manifest(TrainedModel model, String name, Map<String, Double> metrics, byte[] payload, String version) {
        int format = model.steps() != null && model.steps().stream().anyMatch(step -> step instanceof Step.Lookup) ? 2 : 1;
        return new Manifest("pipewright-model", format, name, model.algorithm(), model.task().id(), model.target(), model.labels(),
                model.inputs(), model.steps(), model.encoding(), model.hyperparameters(), metrics, new TrainingDataRef(model.trainingData(), model.trainingRows()),
                model.priors(),
                new Payload("payload.bin", sha256(payload), payload.length), Instant.now().toString(), version,
                model.reference().isEmpty() ? null : model.reference());
    }

    /** Writes the model through a temporary file; returns the manifest written. */
    public static Manifest write(TrainedModel model, String name, Map<String, Double> metrics, String version, Path file) {
        byte[] payload = model.estimator().payload();
        Manifest manifest = manifest(model, name, metrics, payload, version);
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = parent.resolve("." + file.getFileName() + ".part");
            try (var zip = new ZipOutputStream(Files.newOutputStream(temporary))) {
                zip.putNextEntry(new ZipEntry("manifest.json"));
                zip.write(JSON.writeValueAsBytes(manifest));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry("payload.bin"));
                zip.write(payload);
                zip.closeEntry();
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return manifest;
    }

    /** A model read back: its manifest and the model ready to predict. */
    public record Loaded(Manifest manifest, TrainedModel model) {
    }

    /**
     * Reads a model file. The manifest is read first; the payload is then streamed against what the
     * manifest declares: it may not expand past its declared size (a small file whose payload inflates
     * to gigabytes is refused at the first byte too many, having held no more than the declared size),
     * and its SHA-256 is computed as it streams and checked before anything is loaded from it.
     */
    public static Loaded read(Path file) {
        String name = file.getFileName().toString();
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(name + ": not a Pipewright model file (not a regular file)");
        }
        Manifest manifest;
        byte[] payload;
        try (var zip = new ZipFile(file.toFile())) {
            ZipEntry manifestEntry = zip.getEntry("manifest.json");
            ZipEntry payloadEntry = zip.getEntry("payload.bin");
            if (manifestEntry == null || payloadEntry == null) {
                throw new IllegalArgumentException(name + ": not a Pipewright model file (" + (manifestEntry == null ? "no manifest.json" : "no payload.bin")
                        + ")");
            }
            byte[] manifestBytes;
            try (InputStream in = zip.getInputStream(manifestEntry)) {
                manifestBytes = in.readNBytes(MAX_MANIFEST + 1);
            }
            if (manifestBytes.length > MAX_MANIFEST) {
                throw new IllegalArgumentException(name + ": manifest.json expands past " + (MAX_MANIFEST >> 20) + " MB, which no model's manifest"
                        + " needs; it was not loaded");
            }
            manifest = manifest(name, manifestBytes);
            try (InputStream in = zip.getInputStream(payloadEntry)) {
                payload = payload(name, in, manifest.payload());
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException(name + ": not a Pipewright model file (not a readable zip archive)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": cannot read: " + e.getMessage(), e);
        }
        Algorithm algorithm = Algorithms.find(manifest.algorithm()).orElseThrow(() -> new IllegalArgumentException(
                name + ": unknown algorithm '" + manifest.algorithm() + "'"));
        Task task;
        try {
            task = Task.valueOf(String.valueOf(manifest.task()).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": unknown task '" + manifest.task() + "' in manifest.json");
        }
        Estimator estimator;
        try {
            estimator = algorithm.load(task, manifest.labels() == null ? 0 : manifest.labels().size(), payload);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        var model = new TrainedModel(manifest.algorithm(), task, manifest.target(), manifest.labels() == null ? List.of() : manifest.labels(),
                manifest.steps() == null ? List.of() : manifest.steps(), manifest.encoding(), manifest.inputs(), manifest.hyperparameters(), estimator,
                manifest.trainingData() == null ? null : manifest.trainingData().sha256(),
                manifest.trainingData() == null ? 0 : manifest.trainingData().rows(), manifest.priors(), manifest.reference());
        return new Loaded(manifest, model);
    }

    private static Manifest manifest(String name, byte[] bytes) {
        Manifest manifest;
        try {
            manifest = JSON.readValue(bytes, Manifest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(name + ": manifest.json is not valid: " + io.pipewright.work.JsonErrors.describe(e), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": manifest.json is not valid: " + e.getMessage(), e);
        }
        if (manifest == null || !"pipewright-model".equals(manifest.format()) || manifest.formatVersion() > FORMAT_VERSION) {
            throw new IllegalArgumentException(name + ": model format " + (manifest == null ? null : manifest.format()) + " version "
                    + (manifest == null ? 0 : manifest.formatVersion()) + " is not one this Pipewright reads (up to " + FORMAT_VERSION + ")"
                    + (manifest != null && "pipewright-model".equals(manifest.format()) ? ": it was written by a newer Pipewright" : ""));
        }
        Payload declared = manifest.payload();
        if (declared == null || declared.sha256() == null || declared.bytes() < 0) {
            throw new IllegalArgumentException(name + ": manifest.json does not declare the payload's size and SHA-256; it was not loaded");
        }
        if (declared.bytes() > MAX_PAYLOAD) {
            throw new IllegalArgumentException(name + ": manifest.json declares a payload of " + declared.bytes() + " bytes, more than the "
                    + (MAX_PAYLOAD >> 20) + " MB a model may have; it was not loaded");
        }
        return manifest;
    }

    /**
     * The payload as declared, or a refusal: more bytes than declared (refused at the first extra
     * byte), fewer, or another SHA-256. The buffer grows with what arrives, up to the declared size.
     */
    private static byte[] payload(String name, InputStream in, Payload declared) throws IOException {
        MessageDigest digest = sha256();
        int expected = (int) declared.bytes();
        byte[] buffer = new byte[Math.min(expected, 1 << 20)];
        int filled = 0;
        while (true) {
            if (filled == buffer.length) {
                if (filled == expected) {
                    if (in.read() >= 0) {
                        throw new IllegalArgumentException(name + ": payload.bin expands past the " + expected + " bytes its manifest declares"
                                + " (the file was changed or damaged); it was not loaded");
                    }
                    break;
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(expected, 2L * buffer.length));
            }
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            digest.update(buffer, filled, n);
            filled += n;
        }
        if (filled != expected) {
            throw new IllegalArgumentException(name + ": payload.bin has " + filled + " bytes where its manifest declares " + expected
                    + " (the file was changed or damaged); it was not loaded");
        }
        if (!HexFormat.of().formatHex(digest.digest()).equalsIgnoreCase(declared.sha256())) {
            throw new IllegalArgumentException(name + ": the model payload does not match its SHA-256 in the manifest (the file was changed"
                    + " or damaged); it was not loaded");
        }
        return buffer;
    }

    /** The SHA-256 of a whole file (a model artifact as registered), read in 64 KB blocks; callers word the failure for their reader. */
    public static String fileSha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }
}
