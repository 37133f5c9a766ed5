package io.pipewright.export.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster options file: defaults for every field, a relative data root read from the file's folder, unknown fields and bad values refused by name. */
class ClusterOptionsTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyFileIsEveryDefault() throws Exception {
        ClusterOptions options = ClusterOptions.read(Files.writeString(dir.resolve("cluster.yaml"), ""));
        assertThat(options.namespace()).isEqualTo("default");
        assertThat(options.parallelism()).isEqualTo(2);
        assertThat(options.image().reference()).startsWith("ghcr.io/pipewright/pipewright:").doesNotEndWith(":latest");
        assertThat(options.workspace().claim()).isEqualTo("pipewright-workspace");
        assertThat(options.store().secret() + "/" + options.store().key()).isEqualTo("pipewright-store/url");
        assertThat(options.data().mountPath()).isEqualTo("/data");
        assertThat(options.retries()).isEqualTo(new ClusterOptions.Retries(2, "30s", 2, "10m"));
        assertThat(options.resources().cpu() + " " + options.resources().memory()).isEqualTo("500m 512Mi");
        assertThat(options.gpu().tolerations()).containsExactly(new ClusterOptions.Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule"));
        assertThat(options.monitors().schedule()).isEqualTo("0 6 * * *");
        assertThat(options.summary()).containsEntry("parallelism", "2").containsEntry("store.secret", "pipewright-store/url")
                .containsEntry("data.mount", "/data").containsKeys("namespace", "image", "workspace.claim", "data.claim");
    }

    @Test
    void aRelativeDataRootIsTheOptionsFilesFolders() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("cluster"));
        ClusterOptions options = ClusterOptions.read(Files.writeString(folder.resolve("cluster.yaml"), "data: {root: ../data, mount: 'file:///mnt/d/'}\n"));
        assertThat(options.data().root()).isEqualTo(dir.resolve("data").toAbsolutePath().toString());
        assertThat(options.data().mountPath()).isEqualTo("/mnt/d");
    }

    @Test
    void anUnknownFieldIsRefusedByName() throws Exception {
        Path file = Files.writeString(dir.resolve("cluster.yaml"), "retries:\n  limit: 3\n  backof: 1m\n");
        Throwable thrown = catchThrowable(() -> ClusterOptions.read(file));
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster.yaml").hasMessageContaining("backof");
    }

    @Test
    void aBadValueIsRefusedByItsPath() throws Exception {
        Path file = Files.writeString(dir.resolve("cluster.yaml"), "resources:\n  nodes:\n    train: {memory: 8GB}\n");
        assertThat(catchThrowable(() -> ClusterOptions.read(file))).hasMessage(
                "cluster.yaml: resources.nodes.train.memory: must be a memory quantity like 512Mi or 2Gi, not '8GB'");
    }
}
