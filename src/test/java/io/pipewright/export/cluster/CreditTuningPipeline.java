package io.pipewright.export.cluster;

import java.nio.file.Path;

/** The study the cluster test and benchmark run: 16 random trials on the credit sample, two at a time, no pruner, a small XGBoost. */
public final class CreditTuningPipeline {
    private CreditTuningPipeline() {
    }

    /** The pipeline file's text, reading {@code csv} (the credit sample). */
    public static String text(Path csv) {
        return """
                apiVersion: pipewright/v1
                kind: Pipeline
                name: credit-tuning
                seed: 11
                nodes:
                  - id: read
                    type: read
                    params: {path: %s}
                  - id: split
                    type: split
                    inputs: {table: read.table}
                    params: {strategy: stratified, target: default, test: 0.2, valid: 0.1}
                  - id: train
                    type: tune
                    inputs: {train: split.train, valid: split.valid}
                    params:
                      target: default
                      algorithm: xgboost
                      strategy: random
                      trials: 16
                      parallel: 2
                      pruner: none
                      metric: roc_auc
                      hyperparameters: {num_round: 60, nthread: 1}
                      space:
                        max_depth: {int: [2, 6]}
                        eta: {float: [0.02, 0.3], log: true}
                  - id: eval
                    type: evaluate
                    inputs: {model: train.model, table: split.test}
                  - id: register
                    type: register
                    inputs: {model: train.model, metrics: eval.metrics}
                    params: {name: credit-tuning}
                """.formatted(csv);
    }
}
