package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.work.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplePipelinesTest {
    private static final Path FOLDER = Path.of("sample-data", "pipelines");

    /** Registrations as "name@alias" → metrics, instead of a store. */
    static final Map<String, Map<String, Double>> REGISTERED = new java.util.concurrent.ConcurrentHashMap<>();

    static PipelineRunner.Result run(String file, List<NodeEvent> events) {
        Path path = FOLDER.resolve(file);
        PipelineDocument document = PipelineFiles.read(path);
        Pipeline pipeline = new PipelineValidator(NodeCatalog.standard()).validate(document, FOLDER, file);
        RunEnvironment environment = (model, name, alias, metrics, nodeId) -> {
            REGISTERED.put(name + "@" + alias, metrics);
            return name + ":1";
        };
        return new PipelineRunner(new NodeCache(32), 2, environment).run(pipeline, null, document.seedOrDefault(), new RunListener() {
            @Override
            public void event(NodeEvent event) {
                events.add(event);
            }
        }, Progress.NONE);
    }

    @Test
    void theCreditPipelineTrainsXgboostOnRawDataAndBeatsTheBaselines() {
        var events = Collections.synchronizedList(new ArrayList<NodeEvent>());
        var result = run("credit-risk.yaml", events);
        assertThat(result.failure()).isNull();
        assertThat(result.status()).isEqualTo(PipelineRunner.Status.FINISHED);
        var evaluation = (Evaluation) result.outputs().get("eval").get("metrics");
        Map<String, Double> metrics = evaluation.metrics();
        assertThat(metrics).containsKeys("accuracy", "roc_auc", "f1_macro", "log_loss");
        // the generator makes default depend on debt ratio and late payments: better than chance by a margin
        assertThat(metrics.get("roc_auc")).isGreaterThan(0.65);
        assertThat(metrics.get("roc_auc")).isGreaterThan(evaluation.baselines().get("stratified").get("roc_auc") + 0.1);
        assertThat(events).anySatisfy(event -> assertThat(event.status()).isEqualTo(NodeEvent.Status.DONE));
        assertThat(REGISTERED.get("credit-risk@challenger")).isEqualTo(metrics);
        // the positive class's curves: from (0, 0) to (1, 1), and recall from 0 to 1
        var roc = evaluation.curves().get("true").roc();
        assertThat(roc.x()[0]).isZero();
        assertThat(roc.y()[roc.y().length - 1]).isEqualTo(1.0);
        var pr = evaluation.curves().get("true").precisionRecall();
        assertThat(pr.x()).contains(0.0, 1.0);
    }

    @Test
    void theMachineHealthPipelineCarriesItsPreprocessingIntoTheModels() {
        var result = run("machine-health.yaml", Collections.synchronizedList(new ArrayList<>()));
        assertThat(result.failure()).isNull();
        var forest = (Evaluation) result.outputs().get("eval_forest").get("metrics");
        var logistic = (Evaluation) result.outputs().get("eval_logistic").get("metrics");
        assertThat(forest.labels()).containsExactly("fault", "normal", "wear");
        assertThat(forest.metrics().get("accuracy")).isGreaterThan(forest.baselines().get("majority").get("accuracy"));
        assertThat(logistic.metrics().get("accuracy")).isGreaterThan(0.5);
        var model = (io.pipewright.train.TrainedModel) result.outputs().get("forest").get("model");
        assertThat(model.steps()).hasSize(3);
    }

    @Test
    void theHousingPipelineRegresses() {
        var result = run("housing-prices.yaml", Collections.synchronizedList(new ArrayList<>()));
        assertThat(result.failure()).isNull();
        var boosting = (Evaluation) result.outputs().get("eval_boosting").get("metrics");
        var ridge = (Evaluation) result.outputs().get("eval_ridge").get("metrics");
        assertThat(boosting.metrics().get("r2")).isGreaterThan(0.5);
        assertThat(ridge.metrics().get("r2")).isGreaterThan(0.3);
        assertThat(boosting.metrics().get("rmse")).isLessThan(boosting.baselines().get("mean").get("rmse"));
        // 5-fold cross-validation of the ridge model on the training rows: a mean and a spread per metric
        var cv = (Evaluation) result.outputs().get("ridge").get("cv");
        assertThat(cv.metrics().get("r2")).isBetween(0.3, 1.0);
        assertThat(cv.baselines().get("std").get("r2")).isBetween(0.0, 0.2);
    }

    @Test
    void theSamePipelineDataAndSeedGiveIdenticalMetrics() {
        var first = run("credit-risk.yaml", new ArrayList<>());
        var second = run("credit-risk.yaml", new ArrayList<>());
        assertThat(((Evaluation) second.outputs().get("eval").get("metrics")).metrics())
                .isEqualTo(((Evaluation) first.outputs().get("eval").get("metrics")).metrics());
    }
}
