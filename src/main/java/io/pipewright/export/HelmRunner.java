package io.pipewright.export;

import com.marcnuri.helm.Helm;
import java.nio.file.Path;
import java.util.List;

/**
 * Helm 3, in process (helm-java: Helm's own Go code as a native library), for linting and rendering
 * a chart. Helm reports a failed render as an exception whose message is Helm's error text.
 */
final class HelmRunner {
    private HelmRunner() {
    }

    /** The Kubernetes version renders assume (the chart needs 1.25 or later; Helm's default is older). */
    static final String KUBE_VERSION = "1.31.0";

    record Lint(boolean failed, List<String> messages) {
    }

    static Lint lint(Path chart) {
        var result = new Helm(chart).lint().strict().call();
        return new Lint(result.isFailed(), List.copyOf(result.getMessages()));
    }

    /** The rendered manifests; {@code values} may be null (the chart's own values only). */
    static String template(Path chart, String release, String namespace, Path values) {
        var command = new Helm(chart).template().withName(release).withNamespace(namespace).withKubeVersion(KUBE_VERSION);
        if (values != null) {
            command.withValuesFile(values);
        }
        return command.call();
    }

    /** Whether Helm's native library loads here (it ships for Linux x86-64 in the app). */
    static String unavailableReason() {
        try {
            Helm.version().call();
            return null;
        } catch (RuntimeException | LinkageError e) {
            return "Helm's native library does not load on " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ": " + e.getMessage();
        }
    }
}
