package io.pipewright.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export options file: defaults for what is absent, and one line naming the field of each mistake. */
class BundleOptionsTest {
    @TempDir
    Path dir;

    private BundleOptions read(String yaml) throws IOException {
        Path file = dir.resolve("options.yaml");
        Files.writeString(file, yaml);
        return BundleOptions.read(file);
    }

    @Test
    void absentFieldsTakeTheirDefaults() throws IOException {
        var options = read("replicas: 3\nrollout:\n  strategy: canary\n");
        assertThat(options.replicas()).isEqualTo(3);
        assertThat(options.rollout().strategy()).isEqualTo("canary");
        assertThat(options.rollout().canaryWeights()).containsExactly(10, 30, 60);
        assertThat(options.autoscaling().mode()).isEqualTo("none");
        assertThat(options.alerts().p99LatencyMs()).isEqualTo(200.0);
        assertThat(options.alerts().errorRatePercent()).isEqualTo(1.0);
        assertThat(options.namespace()).isEqualTo("default");
        assertThat(read("").problems()).isEmpty();
        // written back, the options read the same
        Path copy = dir.resolve("copy.yaml");
        Files.writeString(copy, options.toYaml());
        assertThat(BundleOptions.read(copy)).isEqualTo(options);
    }

    @Test
    void anUnknownFieldIsNamedWithItsLineAndASuggestion() {
        assertThatThrownBy(() -> read("replicas: 2\nrollout:\n  stratgy: canary\n")).hasMessage(
                "options.yaml: line 3: unknown field 'rollout.stratgy' (did you mean 'strategy'?)");
    }

    @Test
    void aValueOfTheWrongTypeIsNamed() {
        assertThatThrownBy(() -> read("replicas: two\n")).hasMessageStartingWith("options.yaml: replicas: line 1, column 11:");
    }

    @Test
    void valuesThatCannotBeUsedAreNamed() {
        assertThatThrownBy(() -> read("image: {tag: latest}\n")).hasMessage(
                "options.yaml: image.tag: 'latest' does not say which model runs: use a version tag (or leave it blank for one)");
        assertThatThrownBy(() -> read("rollout: {strategy: shadow}\n")).hasMessageStartingWith(
                "options.yaml: rollout.baselineTag: the image tag of the version serving now is needed for shadow");
        assertThatThrownBy(() -> read("rollout: {strategy: canery}\n")).hasMessage(
                "options.yaml: rollout.strategy: must be one of rolling, canary, blue-green, shadow, ab, not 'canery' (did you mean 'canary'?)");
        assertThatThrownBy(() -> read("ingress: {enabled: true}\n")).hasMessage(
                "options.yaml: ingress.host: an ingress needs a host name like model.example.com");
        assertThatThrownBy(() -> read("autoscaling: {mode: hpa, minReplicas: 5, maxReplicas: 2}\n")).hasMessage(
                "options.yaml: autoscaling.maxReplicas: must be at least minReplicas (5)");
        assertThatThrownBy(() -> read("rollout: {canaryWeights: [50, 20]}\n")).hasMessage(
                "options.yaml: rollout.canaryWeights: must rise from 1 to 99 (percent of traffic per step), not [50, 20]");
        assertThatThrownBy(() -> read("alerts: {p99LatencyMs: 1e12}\n")).hasMessage(
                "options.yaml: alerts.p99LatencyMs: must be above 0 and at most 60000, not 1000000000000");
        assertThatThrownBy(() -> read("name: Credit_Risk\n")).hasMessage(
                "options.yaml: name: must be lower-case letters, digits and '-', up to 40 characters, not 'Credit_Risk'");
        assertThatThrownBy(() -> read("cloud: {provider: gcp, region: westeurope}\n")).hasMessage(
                "options.yaml: cloud.region: must be an AWS region such as us-east-1 or a GCP region such as europe-west4, not 'westeurope'");
        assertThatThrownBy(() -> BundleOptions.read(dir.resolve("missing.yaml"))).hasMessageEndingWith("missing.yaml: no such file");
    }
}
