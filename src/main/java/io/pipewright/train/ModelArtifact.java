package io.pipewright.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A model file ({@code .pwmodel}): a zip holding {@code manifest.json} (format version, algorithm,
 * input schema, class labels, feature encoding, hyperparameters, metrics, training data
 * fingerprint and its bins per feature, the payload's SHA-256) and {@code payload.bin} (the fitted estimator). Reading
 * checks the payload's hash before anything is loaded from it.
 */
public final class ModelArtifact {
    public static final String EXTENSION = ".pwmodel";
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final long MAX_PAYLOAD = 2L << 30;

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
        return new Manifest("pipewright-model", FORMAT_VERSION, name, model.algorithm(), model.task().id(), model.target(), model.labels(),
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

    public static Loaded read(Path file) {
        String name = file.getFileName().toString();
        byte[] manifestBytes = null;
        byte[] payload = null;
        try (var zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals("manifest.json")) {
                    manifestBytes = readLimited(zip, 64L << 20, name);
                } else if (entry.getName().equals("payload.bin")) {
                    payload = readLimited(zip, MAX_PAYLOAD, name);
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (ZipException e) {
            throw new IllegalArgumentException(name + ": not a Pipewright model file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": cannot read: " + e.getMessage(), e);
        }
        if (manifestBytes == null || payload == null) {
            throw new IllegalArgumentException(name + ": not a Pipewright model file (" + (manifestBytes == null ? "no manifest.json" : "no payload.bin") + ")");
        }
        Manifest manifest;
        try {
            manifest = JSON.readValue(manifestBytes, Manifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": manifest.json is not valid: " + e.getMessage(), e);
        }
        if (!"pipewright-model".equals(manifest.format()) || manifest.formatVersion() > FORMAT_VERSION) {
            throw new IllegalArgumentException(name + ": model format " + manifest.format() + " version " + manifest.formatVersion()
                    + " is not one this Pipewright reads (up to " + FORMAT_VERSION + ")");
        }
        String actual = sha256(payload);
        if (manifest.payload() == null || !actual.equals(manifest.payload().sha256())) {
            throw new IllegalArgumentException(name + ": the model payload does not match its SHA-256 in the manifest (the file was changed"
                    + " or damaged); it was not loaded");
        }
        Algorithm algorithm = Algorithms.find(manifest.algorithm()).orElseThrow(() -> new IllegalArgumentException(
                name + ": unknown algorithm '" + manifest.algorithm() + "'"));
        Task task = Task.valueOf(manifest.task().toUpperCase(java.util.Locale.ROOT));
        Estimator estimator = algorithm.load(task, manifest.labels() == null ? 0 : manifest.labels().size(), payload);
        var model = new TrainedModel(manifest.algorithm(), task, manifest.target(), manifest.labels() == null ? List.of() : manifest.labels(),
                manifest.steps() == null ? List.of() : manifest.steps(), manifest.encoding(), manifest.inputs(), manifest.hyperparameters(), estimator,
                manifest.trainingData() == null ? null : manifest.trainingData().sha256(),
                manifest.trainingData() == null ? 0 : manifest.trainingData().rows(), manifest.priors(), manifest.reference());
        return new Loaded(manifest, model);
    }

    private static byte[] readLimited(InputStream in, long limit, String name) throws IOException {
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > limit) {
                throw new IllegalArgumentException(name + ": an entry is larger than " + (limit >> 20) + " MB");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
