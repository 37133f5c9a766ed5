package io.pipewright.export;

import io.pipewright.home.BuildInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SHA-256 of every text file of the default bundle of a model with fixed measurements, and of its chart rendered by Helm with
 * its own values (the model's own files under {@code model/} left out): the model's SHA-256 and Pipewright's version are written as {@code <sha256>} and {@code <version>}, so the
 * digests depend only on what the export writes. {@code default-bundle.sha256} holds them as the export wrote them before the
 * streaming mode and the gRPC port existed. Regenerate (only for an intended change): {@code java -cp target/test-classes:CLASSPATH
 * io.pipewright.export.DefaultBundleDigests src/test/resources/io/pipewright/export/default-bundle.sha256}.
 */
public final class DefaultBundleDigests {
    /** The path the rendered chart is listed under. */
    public static final String RENDERED = "(helm template with values.yaml)";

    private DefaultBundleDigests() {
    }

    /** The classifier of the export tests, with its measurements (which vary from run to run) fixed. */
    static ModelFacts fixedFacts() {
        var measured = ExportFixtures.classifier();
        return new ModelFacts(measured.name(), measured.version(), measured.artifact(), measured.sha256(), measured.artifactBytes(), measured.manifest(),
                8L << 20, 40.0);
    }

    /** Path → SHA-256 of the normalised text, the render last. */
    static Map<String, String> digests() {
        var facts = fixedFacts();
        var result = Exporter.validate(Exporter.draft(facts, BundleOptions.defaults(), null), new BundleValidator.Tools(null, null), () -> false);
        if (!result.validation().passed()) {
            throw new IllegalStateException("the default bundle failed validation: " + result.validation().problems());
        }
        var digests = new LinkedHashMap<String, String>();
        for (Bundle.Entry entry : result.bundle().entries()) {
            if (entry.text() && !entry.path().startsWith("model/")) { // the model's own files are the model's, not the export's
                digests.put(entry.path(), digest(normalise(entry.content(), facts)));
            }
        }
        try {
            Path folder = Files.createTempDirectory("pipewright-digests");
            Path written = result.bundle().writeTo(folder);
            String rendered = HelmRunner.template(written.resolve(result.draft().chartFolder()), result.draft().chart(), "default", null);
            digests.put(RENDERED, digest(normalise(rendered, facts)));
            Bundle.deleteTree(folder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return digests;
    }

    static String normalise(String text, ModelFacts facts) {
        return text.replace(facts.sha256(), "<sha256>").replace(facts.sha256().substring(0, 12), "<sha12>")
                .replace(BuildInfo.load().version(), "<version>");
    }

    static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws java.io.IOException {
        var out = new StringBuilder();
        digests().forEach((path, digest) -> out.append(digest).append("  ").append(path).append('\n'));
        Files.writeString(Path.of(args[0]), out.toString());
    }
}
