package io.pipewright.bench;

import com.marcnuri.helm.Helm;
import io.pipewright.export.BundleOptions;
import io.pipewright.export.BundleValidator;
import io.pipewright.export.ExportFixtures;
import io.pipewright.export.Exporter;
import io.pipewright.export.ModelFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * How long an export with validation takes (measure the model, draft, validate: helm lint and 7 renders
 * through the manifest checks, promtool and terraform where installed; write the folder), cold (the
 * first in this process, Helm's native library loaded) and warm (median of 5). The peer, in the same run:
 * Helm's own starter chart ({@code helm create}) linted and rendered once, through the same library.
 *
 * <p>{@code mvn -q test-compile exec:exec -Dbench=ExportBenchmark}
 */
public final class ExportBenchmark {
    public static void main(String[] args) throws Exception {
        Path artifact = ExportFixtures.classifierArtifact();
        Path out = Files.createTempDirectory("export-bench");
        var tools = BundleValidator.Tools.fromPath();
        System.out.printf(Locale.ROOT, "validators on this machine: promtool %s, terraform %s%n", tools.promtool() != null ? "yes" : "no",
                tools.terraform() != null ? "yes" : "no");
        double cold = exportSeconds(artifact, out, tools);
        double[] warm = new double[5];
        for (int i = 0; i < warm.length; i++) {
            warm[i] = exportSeconds(artifact, out, tools);
        }
        Arrays.sort(warm);
        double[] peer = new double[5];
        for (int i = 0; i < peer.length; i++) {
            Path dir = Files.createTempDirectory("helm-create");
            long started = System.nanoTime();
            Helm.create().withName("starter").withDir(dir).call();
            Path chart = dir.resolve("starter");
            new Helm(chart).lint().strict().call();
            new Helm(chart).template().withName("starter").call();
            peer[i] = (System.nanoTime() - started) / 1e9;
        }
        Arrays.sort(peer);
        System.out.printf(Locale.ROOT, "export with validation: cold %.2f s, warm %.2f s (median of 5; %.2f to %.2f)%n", cold, warm[2], warm[0], warm[4]);
        System.out.printf(Locale.ROOT, "helm create + lint + template of Helm's starter chart: %.3f s (median of 5)%n", peer[2]);
        System.out.printf(Locale.ROOT, "ratio (warm export / starter chart): %.1f%n", warm[2] / peer[2]);
    }

    private static double exportSeconds(Path artifact, Path out, BundleValidator.Tools tools) {
        long started = System.nanoTime();
        var facts = ModelFacts.measure(artifact, "credit_scoring", "3", null);
        var draft = Exporter.draft(facts, BundleOptions.defaults(), null);
        var result = Exporter.validate(draft, tools, () -> false);
        if (!result.validation().passed()) {
            throw new IllegalStateException(String.join("; ", result.validation().problems()));
        }
        Exporter.write(result, out, false);
        return (System.nanoTime() - started) / 1e9;
    }
}
