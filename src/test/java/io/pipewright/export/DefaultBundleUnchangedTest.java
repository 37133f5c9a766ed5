package io.pipewright.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A bundle exported without the streaming mode, the gRPC port and an online feature store is the bundle exported before they existed
 * ({@code default-bundle.sha256}, see {@link DefaultBundleDigests}): the same values.yaml, the same manifests rendered from it,
 * the same alerts, dashboard, runbooks, Dockerfile and Terraform, byte for byte. Only the chart's sources (templates that can
 * now also render the two modes, their schema and their ci values files), the README listing them and the cost runbook's prices
 * as {@code runbooks/cost.json} (for {@code pipewright cost}) differ.
 */
class DefaultBundleUnchangedTest {
    /** The chart's own sources that gained the two modes (each renders nothing new with the default values). */
    private static final Set<String> CHART_SOURCES = Set.of("values.schema.json", "templates/_helpers.tpl", "templates/service.yaml",
            "templates/networkpolicy.yaml", "templates/virtualservice.yaml", "templates/prometheusrule.yaml", "templates/NOTES.txt");
    private static final Set<String> NEW_CHART_SOURCES = Set.of("templates/stream.yaml", "ci/grpc-values.yaml", "ci/stream-values.yaml");

    @Test
    void theDefaultBundleIsWrittenAsBeforeByteForByte() throws IOException {
        Map<String, String> before = recorded();
        Map<String, String> now = DefaultBundleDigests.digests();
        String chart = "helm/credit-scoring/";
        for (var entry : before.entrySet()) {
            String path = entry.getKey();
            if (path.equals("README.md") || path.startsWith(chart) && CHART_SOURCES.contains(path.substring(chart.length()))) {
                assertThat(now).as(path).containsKey(path);
                continue;
            }
            assertThat(now.get(path)).as(path + " is written as before").isEqualTo(entry.getValue());
        }
        assertThat(now.get(DefaultBundleDigests.RENDERED)).as("the manifests the chart renders with its values.yaml").isEqualTo(before.get(DefaultBundleDigests.RENDERED));
        assertThat(now.keySet()).as("files added").filteredOn(path -> !before.containsKey(path))
                .allMatch(path -> path.startsWith(chart) && NEW_CHART_SOURCES.contains(path.substring(chart.length()))
                        || path.equals(BundleWriter.COST_FACTS));
    }

    private static Map<String, String> recorded() throws IOException {
        try (InputStream in = DefaultBundleUnchangedTest.class.getResourceAsStream("default-bundle.sha256")) {
            var digests = new LinkedHashMap<String, String>();
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(line -> digests.put(line.substring(66), line.substring(0, 64)));
            return digests;
        }
    }
}
