package io.pipewright.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** Drafts, validates and writes a deployment bundle: what {@code pipewright export} and the Deploy workspace both do. */
public final class Exporter {
    private Exporter() {
    }

    /** A validated bundle, and where it was written (null until written). */
    public record Result(BundleWriter.Draft draft, Validation validation, Path written) {
        public Bundle bundle() {
            return draft.bundle();
        }
    }

    /** Drafts the bundle; options that cannot be used are an {@link IllegalArgumentException} naming the first. */
    public static BundleWriter.Draft draft(ModelFacts facts, BundleOptions options, Path jar) {
        var problems = options.problems(facts.manifest());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("options: " + problems.get(0));
        }
        return BundleWriter.draft(facts, options, jar);
    }

    /** Validates a draft (adding its alert files and README). */
    public static Result validate(BundleWriter.Draft draft, BundleValidator.Tools tools, BooleanSupplier cancelled) {
        return new Result(draft, BundleValidator.validate(draft, tools, cancelled), null);
    }

    /**
     * Writes a validated bundle into {@code out} (as {@code out/<name>-bundle/}, or {@code out/<name>-bundle.zip}).
     * A bundle that failed validation is not written.
     */
    public static Result write(Result validated, Path out, boolean zip) {
        if (!validated.validation().passed()) {
            throw new IllegalStateException("the bundle failed validation and was not written: " + validated.validation().problems().get(0));
        }
        Bundle bundle = validated.bundle();
        Path written = zip ? bundle.zipTo(out.resolve(bundle.root() + ".zip")) : bundle.writeTo(out);
        return new Result(validated.draft(), validated.validation(), written);
    }

    /** The Pipewright jar this process runs from, or null (running from a build's classes). */
    public static Path runningJar() {
        try {
            var source = Exporter.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path path = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar") ? path : null;
        } catch (java.net.URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
