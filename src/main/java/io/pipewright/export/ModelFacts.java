package io.pipewright.export;

import io.pipewright.serve.Predictor;
import io.pipewright.train.ModelArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a bundle needs to know about its model: its name and version, the artifact file and its
 * SHA-256, the manifest, and two measurements taken here that size the pods: the heap one loaded
 * copy of the model holds, and the time it takes to predict a row.
 */
public record ModelFacts(String name, String version, Path artifact, String sha256, long artifactBytes, ModelArtifact.Manifest manifest,
                         long modelHeapBytes, double microsPerRow) {

    /**
     * Reads and measures an artifact. {@code name} and {@code version} come from the registry (null
     * for a bare artifact: the manifest's name, version "1"); {@code expectedSha256}, when known, must
     * match the file.
     */
    public static ModelFacts measure(Path artifact, String name, String version, String expectedSha256) {
        String sha256 = sha256(artifact);
        if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(sha256)) {
            throw new IllegalArgumentException(artifact.getFileName() + ": its SHA-256 is " + sha256 + ", not the " + expectedSha256
                    + " it was registered with (the file was changed or replaced)");
        }
        long bytes;
        try {
            bytes = Files.size(artifact);
        } catch (IOException e) {
            throw new UncheckedIOException(artifact + ": " + e.getMessage(), e);
        }
        var memory = ManagementFactory.getMemoryMXBean();
        settle();
        long before = memory.getHeapMemoryUsage().getUsed();
        Predictor predictor = Predictor.load(name, version == null ? "1" : version, artifact, 1);
        settle();
        long heap = Math.max(memory.getHeapMemoryUsage().getUsed() - before, 0);
        double micros = microsPerRow(predictor);
        String modelName = name != null ? name : predictor.manifest().name() != null ? predictor.manifest().name() : stem(artifact);
        return new ModelFacts(modelName, version == null ? "1" : version, artifact, sha256, bytes, predictor.manifest(),
                Math.max(heap, predictor.manifest().payload() == null ? 0 : predictor.manifest().payload().bytes()), micros);
    }

    private static void settle() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
    }

    /** Predicts batches of 16 rows of missing values (every model accepts them) after a warm-up; the median of 5 rounds. */
    private static double microsPerRow(Predictor predictor) {
        var row = new LinkedHashMap<String, Object>();
        predictor.features().forEach(feature -> row.put(feature.name(), null));
        List<Map<String, Object>> batch = java.util.Collections.nCopies(16, row);
        try {
            for (int i = 0; i < 30; i++) {
                predictor.predict(batch);
            }
            double[] rounds = new double[5];
            for (int round = 0; round < rounds.length; round++) {
                long started = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    predictor.predict(batch);
                }
                rounds[round] = (System.nanoTime() - started) / 1e3 / (20 * 16);
            }
            java.util.Arrays.sort(rounds);
            return rounds[2];
        } catch (RuntimeException e) {
            return Double.NaN; // a model that refuses missing values: sized by the default instead
        }
    }

    /** A name Kubernetes and Helm accept: lower case, '-' for '_' and '.', at most 40 characters. */
    public String chartName() {
        return dnsName(name);
    }

    static String dnsName(String text) {
        String name = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-+", "-").replaceAll("^-|-$", "");
        if (name.length() > 40) {
            name = name.substring(0, 40).replaceAll("-$", "");
        }
        return name.isEmpty() ? "model" : name;
    }

    /** The default image tag: the version and the start of the SHA-256, so a tag names exactly one model. */
    public String defaultTag() {
        return version + "-" + sha256.substring(0, 12);
    }

    private static String stem(Path artifact) {
        String file = artifact.getFileName().toString();
        return file.endsWith(ModelArtifact.EXTENSION) ? file.substring(0, file.length() - ModelArtifact.EXTENSION.length()) : file;
    }

    public static String sha256(Path file) {
        try {
            return ModelArtifact.fileSha256(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
