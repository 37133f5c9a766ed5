package io.pipewright.ui.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.pipeline.Evaluation;
import io.pipewright.track.Runs;
import io.pipewright.track.Store;
import io.pipewright.train.Metrics;
import io.pipewright.ui.chart.BoxPlotChart;
import io.pipewright.ui.chart.LineChart;
import io.pipewright.ui.chart.ParallelCoordinatesChart;
import io.pipewright.ui.chart.ScatterChart;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareViewModelTest {
    @TempDir
    Path dir;

    private Store store;
    private final List<Runs.Run> runs = new ArrayList<>();

    /** Six runs: depth 2 or 4, seeds 1–3, a loss falling over 20 steps (deeper is lower), an AUC, and an evaluation file for the first. */
    @BeforeEach
    void record() throws Exception {
        store = Store.open(dir.resolve("store"), "test");
        var recorder = new Runs(store, Clock.systemUTC());
        Instant t0 = Instant.parse("2026-05-01T10:00:00Z");
        int i = 0;
        for (int depth : new int[] {2, 4}) {
            for (int seed = 1; seed <= 3; seed++) {
                var started = recorder.start("sweep", "d" + depth + "s" + seed, null, (long) seed, null, null, null);
                recorder.params(started.id(), Map.of("train.hyperparameters.max_depth", String.valueOf(depth),
                        "train.algorithm", "xgboost", "train.hyperparameters.booster", depth == 2 ? "gbtree" : "dart"));
                for (int step = 0; step < 20; step++) {
                    recorder.metric(started.id(), "train.valid_log_loss", step, 1.0 / (step + 1) + 0.1 * seed / depth, t0.plusSeconds(step));
                }
                recorder.metric(started.id(), "eval.roc_auc", 0, 0.7 + depth / 100.0 + seed / 1000.0, t0);
                recorder.metric(started.id(), "system.cpu_percent", 0, 40, t0);
                if (i++ == 0) {
                    var evaluation = new Evaluation("classification", Map.of("roc_auc", 0.72), Map.of(), List.of("no", "yes"),
                            new long[][] {{50, 5}, {10, 35}}, 100, Map.of("yes", new Evaluation.Curves(
                                    new Metrics.Curve(new double[] {0, 0.2, 1}, new double[] {0, 0.7, 1}, new double[] {1, 0.5, 0}),
                                    new Metrics.Curve(new double[] {0, 0.7, 1}, new double[] {1, 0.8, 0.35}, new double[] {1, 0.5, 0}))));
                    Path file = dir.resolve("eval.evaluation.json");
                    Files.writeString(file, new ObjectMapper().writeValueAsString(evaluation));
                    recorder.artifact(started.id(), file.toString(), "evaluation", Files.size(file), "0".repeat(64));
                }
                recorder.end(started.id(), Runs.FINISHED, null);
                runs.add(recorder.find(started.key()).orElseThrow());
            }
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    private CompareViewModel loaded() {
        var model = new CompareViewModel(new SameThreadTaskExecutor(), store, "sweep", runs);
        model.load();
        return model;
    }

    @Test
    void theFirstChoicesAreTheParamsThatDifferAndTheResultMetric() {
        var model = loaded();
        assertThat(model.differingParams()).containsExactly("train.hyperparameters.booster", "train.hyperparameters.max_depth", "seed");
        assertThat(model.axes()).as("the seed is no default axis").containsExactly("train.hyperparameters.booster", "train.hyperparameters.max_depth");
        assertThat(model.comparisonProperty().get().differencesOnly().rows()).extracting(row -> row.key())
                .contains("train.hyperparameters.max_depth", "eval.roc_auc", "train.valid_log_loss");
        assertThat(model.curveMetricProperty().get()).isEqualTo("train.valid_log_loss");
        assertThat(model.colorMetricProperty().get()).isEqualTo("eval.roc_auc");
    }

    @Test
    void curvesAreOnePerRunOrAMeanWithABandPerGroup() {
        var model = loaded();
        var chart = (LineChart) model.curvesProperty().get();
        assertThat(chart.series()).hasSize(6);
        assertThat(chart.series().get(0).x()).hasSize(20);
        assertThat(chart.series()).allSatisfy(series -> assertThat(series.lower()).isNull());

        model.groupByProperty().set("train.hyperparameters.max_depth");
        chart = (LineChart) model.curvesProperty().get();
        assertThat(chart.title()).contains("mean ± std");
        assertThat(chart.series()).extracting(LineChart.Series::name).containsExactly("max_depth = 2 (3 runs)", "max_depth = 4 (3 runs)");
        var deep = chart.series().get(1);
        // mean over seeds 1..3 of 1/(step+1) + 0.1·seed/4 at step 0: 1 + 0.05
        assertThat(deep.y()[0]).isCloseTo(1.05, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(deep.upper()[0] - deep.y()[0]).isCloseTo(0.025, org.assertj.core.data.Offset.offset(1e-9));

        double before = ((LineChart) model.curvesProperty().get()).series().get(0).y()[5];
        model.smoothingProperty().set(0.8);
        double after = ((LineChart) model.curvesProperty().get()).series().get(0).y()[5];
        assertThat(after).as("smoothing keeps more of the earlier, higher losses").isGreaterThan(before);
        model.logScaleProperty().set(true);
        assertThat(((LineChart) model.curvesProperty().get()).logY()).isTrue();
        model.xAxisProperty().set(CompareViewModel.XAxis.RELATIVE);
        assertThat(((LineChart) model.curvesProperty().get()).xLabel()).contains("time");
    }

    @Test
    void parallelCoordinatesScatterAndBoxPlotUseTheChosenKeys() {
        var model = loaded();
        var parallel = (ParallelCoordinatesChart) model.parallelProperty().get();
        assertThat(parallel.axes()).extracting(ParallelCoordinatesChart.Axis::name).containsExactly("booster", "max_depth", "eval.roc_auc");
        assertThat(parallel.axes().get(0).categories()).containsExactly("gbtree", "dart");
        assertThat(parallel.axes().get(1).categories()).isNull();
        assertThat(parallel.color()).hasSize(6);

        model.scatterParamProperty().set("train.hyperparameters.booster");
        var scatter = (ScatterChart) model.scatterProperty().get();
        assertThat(scatter.xCategories()).containsExactly("gbtree", "dart");
        assertThat(scatter.y()).hasSize(6);

        model.boxParamProperty().set("train.hyperparameters.max_depth");
        var box = (BoxPlotChart) model.boxProperty().get();
        assertThat(box.groups()).extracting(BoxPlotChart.Group::name).containsExactly("2", "4");
        assertThat(java.util.Arrays.stream(box.groups().get(1).values()).sorted().toArray())
                .containsExactly(new double[] {0.741, 0.742, 0.743}, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void evaluationsGiveConfusionMatricesAndOverlaidRocAndPrCurves() {
        var model = loaded();
        assertThat(model.evaluations()).hasSize(1);
        var heatmap = model.confusion(model.evaluations().get(0));
        assertThat(heatmap.rowLabels()).containsExactly("no", "yes");
        assertThat(heatmap.values()[1][1]).isEqualTo(35);
        var roc = model.curveOverlay(true);
        assertThat(roc.series()).extracting(LineChart.Series::name).containsExactly("d2s1 (yes, AUC\u00a00.72)", "chance");
        assertThat(roc.xMax()).isEqualTo(1.0);
        assertThat(model.curveOverlay(false).series()).hasSize(1);
    }
}
