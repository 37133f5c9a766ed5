package io.pipewright.ui.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.pipeline.NodeEvent;
import io.pipewright.ui.chart.LineChart;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingViewModelTest {

    @Test
    void aHundredThousandPointsDrawAsAFewThousandWithTheirSpikes() {
        var model = new TrainingViewModel(new SameThreadTaskExecutor(), Optional::empty, "no GPU detected (nvidia-smi was not found)");
        model.begin("credit", () -> { });
        var random = new Random(1);
        for (int step = 0; step < 100_000; step++) {
            model.metric("train", "valid_logloss", step, step == 55_555 ? 9.0 : 0.5 + random.nextGaussian() * 0.01);
            model.metric("train", "trial_roc_auc", step, 1); // a tuning metric, not a learning curve
        }
        model.drain();
        LineChart chart = model.learningProperty().get();
        assertThat(chart.series()).extracting(LineChart.Series::name).containsExactly("train · valid_logloss");
        var series = chart.series().get(0);
        assertThat(series.x().length).as("decimated for a chart %d pixels across", TrainingViewModel.WIDTH).isLessThanOrEqualTo(2 * TrainingViewModel.WIDTH + 4);
        assertThat(series.x()[0]).isZero();
        assertThat(series.x()[series.x().length - 1]).isEqualTo(99_999);
        assertThat(java.util.Arrays.stream(series.y()).max().orElseThrow()).as("the spike survives").isEqualTo(9.0);
        assertThat(model.gpuAbsenceProperty().get()).isEqualTo("no GPU detected (nvidia-smi was not found)");
    }

    @Test
    void trialsShowTheBestSoFarThePrunedAndTheBestHyperparameters() {
        var model = new TrainingViewModel(new SameThreadTaskExecutor(), Optional::empty, "");
        boolean[] stopped = new boolean[1];
        model.begin("tune", () -> stopped[0] = true);
        model.trial("tune", "roc_auc", true, 0, Map.of("max_depth", 3, "eta", 0.1), 0.80, "complete");
        // a pruned trial has no objective value: the tuner stopped it before it was scored
        model.trial("tune", "roc_auc", true, 1, Map.of("max_depth", 5, "eta", 0.3), null, "pruned");
        model.trial("tune", "roc_auc", true, 2, Map.of("max_depth", 4, "eta", 0.05), 0.85, "complete");
        model.trial("tune", "roc_auc", true, 3, Map.of("max_depth", 2, "eta", 0.2), 0.82, "complete");
        model.event(NodeEvent.running("tune", 0.5, "trial 4 of 8"));
        model.metric("system", "cpu_percent", 0, 40);
        model.metric("system", "cpu0_percent", 0, 35);
        model.metric("system", "heap_used_mb", 0, 512);
        model.drain();
        LineChart objective = model.objectiveProperty().get();
        assertThat(objective.series().get(0).x()).as("pruned trials are not on the line").containsExactly(0, 2, 3);
        assertThat(objective.series().get(1).y()).as("best so far").containsExactly(0.80, 0.85, 0.85);
        assertThat(objective.series().get(2).name()).isEqualTo("pruned (×)");
        assertThat(objective.series().get(2).marker()).as("a mark of its own, not a dot of the line").isEqualTo(LineChart.Marker.CROSS);
        assertThat(objective.series().get(2).x()).as("the pruned trial is drawn, on its trial number").containsExactly(1);
        assertThat(objective.series().get(2).y()[0]).as("without a score: on the trial axis").isNaN();
        assertThat(objective.wholeX()).as("trials are counted: whole-number ticks").isTrue();
        assertThat(model.parallelProperty().get().axes()).extracting(axis -> axis.name()).containsExactly("eta", "max_depth", "roc_auc");
        assertThat(model.bestProperty().get()).startsWith("4 trials, 1 pruned (1)").contains("best: trial 2, roc_auc 0.85").contains("max_depth = 4");
        assertThat(model.cpuProperty().get().series()).extracting(LineChart.Series::name).containsExactly("core 0", "machine");
        assertThat(model.memoryProperty().get().series()).extracting(LineChart.Series::name).containsExactly("heap used");
        assertThat(model.gpuProperty().get()).isNull();
        assertThat(model.statusProperty().get()).isEqualTo("running · 50 %");

        model.stop();
        assertThat(stopped[0]).isTrue();
        model.end("stopped");
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.statusProperty().get()).isEqualTo("stopped");
        assertThat(TrainingViewModel.duration(75)).isEqualTo("1 min 15 s");
    }
}
