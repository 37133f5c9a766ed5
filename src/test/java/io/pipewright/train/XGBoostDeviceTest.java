package io.pipewright.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** xgboost's {@code device}: cpu or cuda, passed to XGBoost, and a clear refusal where XGBoost would not use a GPU. */
class XGBoostDeviceTest {
    private static final Algorithm XGBOOST = Algorithms.find("xgboost").orElseThrow();

    @TempDir
    Path dir;

    @Test
    void deviceIsCpuUnlessCudaIsAsked() {
        assertThat(XGBOOST.hyperparameters()).filteredOn(spec -> spec.name().equals("device")).singleElement()
                .satisfies(spec -> assertThat(spec.choices()).containsExactly("cpu", "cuda"));
        assertThat(XGBOOST.check(Map.of())).containsEntry("device", "cpu");
        assertThat(XGBOOST.check(Map.of("device", "cuda"))).containsEntry("device", "cuda").containsEntry("tree_method", "hist");
    }

    @Test
    void anotherDeviceIsRefusedByItsValue() {
        assertThatThrownBy(() -> XGBOOST.check(Map.of("device", "gpu")))
                .hasMessage("hyperparameter device must be one of cpu, cuda, not 'gpu'");
        assertThatThrownBy(() -> XGBOOST.check(Map.of("device", "cuda", "tree_method", "exact")))
                .hasMessage("hyperparameter device cuda needs tree_method hist, not 'exact'");
    }

    @Test
    void theCpuTrainsAsBefore() {
        var train = MoreAlgorithmsTest.blobs(300, 1);
        var estimator = XGBOOST.fit(Task.CLASSIFICATION, train, null, XGBOOST.check(Map.of("num_round", 5, "device", "cpu", "nthread", 1)), 7,
                TrainingListener.NONE);
        assertThat(estimator.probabilities(train.x())).hasNumberOfRows(300);
    }

    @Test
    void theBundledLibraryHasNoCudaSoTrainingOnCudaIsRefusedInOneSentence() {
        // the xgboost4j jar Pipewright ships is a CPU build: XGBoost itself would log a warning and train on the CPU
        assertThat(XGBoostCuda.builtWithCuda()).isFalse();
        var train = MoreAlgorithmsTest.blobs(300, 1);
        assertThatThrownBy(() -> XGBOOST.fit(Task.CLASSIFICATION, train, null, XGBOOST.check(Map.of("num_round", 5, "device", "cuda")), 7,
                TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("device cuda: XGBoost found no CUDA device or was built without CUDA (this XGBoost library was built without CUDA);"
                        + " use device: cpu");
    }

    @Test
    void aCudaBuildNeedsAVisibleNvidiaDevice() throws IOException {
        File none = Files.createDirectories(dir.resolve("dev-none")).toFile();
        Path withGpu = Files.createDirectories(dir.resolve("dev-gpu"));
        Files.createFile(withGpu.resolve("nvidiactl"));
        assertThat(XGBoostCuda.probe(true, Map.of(), withGpu.toFile())).contains("no NVIDIA GPU device in " + withGpu);
        Files.createFile(withGpu.resolve("nvidia0"));
        assertThat(XGBoostCuda.probe(true, Map.of(), withGpu.toFile())).isEmpty();
        assertThat(XGBoostCuda.probe(true, Map.of("CUDA_VISIBLE_DEVICES", "-1"), withGpu.toFile())).contains("CUDA_VISIBLE_DEVICES is '-1'");
        assertThat(XGBoostCuda.probe(true, Map.of("CUDA_VISIBLE_DEVICES", "0"), withGpu.toFile())).isEmpty();
        assertThat(XGBoostCuda.probe(true, Map.of(), none)).isPresent();
        assertThat(XGBoostCuda.probe(false, Map.of(), withGpu.toFile())).isEqualTo(Optional.of("this XGBoost library was built without CUDA"));
    }
}
