package io.pipewright.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TunerTest {
    private static final Algorithm XGBOOST = Algorithms.find("xgboost").orElseThrow();

    /** Two features; the class is a noisy function of both. */
    static Table data(int rows, long seed) {
        var random = new Random(seed);
        var a = DoubleColumn.create("a");
        var b = DoubleColumn.create("b");
        var label = StringColumn.create("label");
        for (int i = 0; i < rows; i++) {
            double x = random.nextGaussian();
            double y = random.nextGaussian();
            a.append(x);
            b.append(y);
            label.append(x * y + 0.3 * random.nextGaussian() > 0 ? "p" : "n");
        }
        return Table.create("t", a, b, label);
    }

    private static Trainer.Request request() {
        return new Trainer.Request("label", "xgboost", Map.of("num_round", 30, "nthread", 1), null, List.of(), 3, null, List.of(), null);
    }

    private static SearchSpace space() {
        return SearchSpace.parse(Map.of("max_depth", Map.of("int", List.of(1, 6)), "eta", Map.of("float", List.of(0.01, 0.5), "log", true)), XGBOOST);
    }

    @Test
    void aStudyRunsItsTrialsKeepsTheBestAndTellsTheObserver() {
        var seen = Collections.synchronizedList(new ArrayList<Tuner.Trial>());
        var study = Tuner.run(data(600, 1), data(300, 2), request(), space(), new Tuner.Settings("tpe", 16, "accuracy", "none", 1, 5, 9),
                new Tuner.Observer() {
                    @Override
                    public void trialDone(Tuner.Trial trial) {
                        seen.add(trial);
                    }
                });
        assertThat(study.trials()).hasSize(16).allSatisfy(trial -> assertThat(trial.state()).isEqualTo("complete"));
        assertThat(seen).hasSize(16);
        assertThat(study.maximize()).isTrue();
        assertThat(study.best().value()).isEqualTo(study.trials().stream().mapToDouble(Tuner.Trial::value).max().orElseThrow());
        // an interaction needs depth: the best trial is deeper than a stump, and clearly better than chance
        assertThat((Long) study.best().params().get("max_depth")).isGreaterThan(1);
        assertThat(study.best().value()).isGreaterThan(0.75);
        study.trials().forEach(trial -> {
            assertThat((Long) trial.params().get("max_depth")).isBetween(1L, 6L);
            assertThat((Double) trial.params().get("eta")).isBetween(0.01, 0.5);
        });
    }

    @Test
    void oneTrialAtATimeWithTheSameSeedGivesTheSameStudy() {
        var settings = new Tuner.Settings("tpe", 12, "log_loss", "none", 1, 5, 4);
        var first = Tuner.run(data(300, 1), data(200, 2), request(), space(), settings, Tuner.Observer.NONE);
        var second = Tuner.run(data(300, 1), data(200, 2), request(), space(), settings, Tuner.Observer.NONE);
        assertThat(second.trials()).extracting(Tuner.Trial::params).isEqualTo(first.trials().stream().map(Tuner.Trial::params).toList());
        assertThat(first.maximize()).isFalse();
    }

    @Test
    void aGridEnumeratesItsValuesAndTrialsMayRunInParallel() {
        var space = SearchSpace.parse(Map.of("max_depth", Map.of("int", List.of(2, 4)), "booster", Map.of("choice", List.of("gbtree", "dart"))),
                XGBOOST);
        var study = Tuner.run(data(300, 1), data(200, 2), request(), space, new Tuner.Settings("grid", 100, "accuracy", "none", 2, 3, 1),
                Tuner.Observer.NONE);
        assertThat(study.trials()).hasSize(6);
        assertThat(study.trials()).extracting(trial -> trial.params().get("max_depth") + "/" + trial.params().get("booster"))
                .containsExactlyInAnyOrder("2/gbtree", "2/dart", "3/gbtree", "3/dart", "4/gbtree", "4/dart");
    }

    @Test
    void theMedianRuleStopsTrialsWhoseValidationCurveLagsBehind() {
        var request = new Trainer.Request("label", "xgboost", Map.of("num_round", 60, "nthread", 1), null, List.of(), 3, null, List.of(), null);
        var study = Tuner.run(data(600, 1), data(300, 2), request, space(), new Tuner.Settings("random", 24, "log_loss", "median", 1, 5, 2),
                Tuner.Observer.NONE);
        assertThat(study.trials()).anySatisfy(trial -> {
            assertThat(trial.state()).isEqualTo("pruned");
            assertThat(trial.intermediate()).isNotEmpty().hasSizeLessThan(60);
        });
        assertThat(study.best().state()).isEqualTo("complete");
    }

    @Test
    void aBadSpaceNamesTheHyperparameter() {
        assertThat(catchThrowable(() -> SearchSpace.parse(Map.of("depth", Map.of("int", List.of(1, 3))), XGBOOST)))
                .hasMessageStartingWith("space.depth: not a hyperparameter of xgboost");
        assertThat(catchThrowable(() -> SearchSpace.parse(Map.of("eta", Map.of("float", List.of(0, 0.3), "log", true)), XGBOOST)))
                .hasMessage("space.eta: a log scale needs a low bound above 0");
        assertThat(catchThrowable(() -> SearchSpace.parse(Map.of("max_depth", Map.of("int", List.of(0, 3))), XGBOOST)))
                .hasMessageContaining("space.max_depth: hyperparameter max_depth must be between 1 and 64, not 0");
        assertThat(catchThrowable(() -> SearchSpace.parse(Map.of("eta", Map.of("float", List.of(0.3, 0.1))), XGBOOST)))
                .hasMessageContaining("low must be below high");
    }

    /** Ten complete start-up trials with made-up values, as the store or the study holds them. */
    private static List<Tuner.Trial> startup(SearchSpace space, long seed) {
        var trials = new ArrayList<Tuner.Trial>();
        for (int number = 0; number < Tuner.STARTUP_TRIALS; number++) {
            Map<String, Object> params = TrialProposals.random(space, Seeds.random(seed, number));
            // good where eta is large
            trials.add(new Tuner.Trial(number, params, (Double) params.get("eta"), "complete", 0, null, Map.of()));
        }
        return trials;
    }

    @Test
    void tpeProposesABatchWithAConstantLieAndOneAtATimeIsSequentialTpe() {
        var space = space();
        var batched = new Tuner.Settings("tpe", 30, "accuracy", "none", 4, 5, 11);
        var sequential = new Tuner.Settings("tpe", 30, "accuracy", "none", 1, 5, 11);
        List<Tuner.Trial> before = startup(space, 11);
        var batch = new ArrayList<Map<String, Object>>();
        for (int number = 10; number < 14; number++) {
            batch.add(TrialProposals.propose(space, batched, number, before));
        }
        assertThat(batch).as("the members of one batch propose distinct points").doesNotHaveDuplicates();
        assertThat(batch.get(0)).as("the batch's first member sees no lie: it proposes what sequential TPE proposes")
                .isEqualTo(TrialProposals.propose(space, sequential, 10, before));
        // a later member sees the earlier members as trials scored with the worst value so far
        var lied = new ArrayList<>(before);
        double worst = before.stream().mapToDouble(Tuner.Trial::value).min().orElseThrow();
        for (int number = 10; number < 12; number++) {
            lied.add(new Tuner.Trial(number, batch.get(number - 10), worst, "complete", 0, null, Map.of()));
        }
        assertThat(TrialProposals.propose(space, sequential, 12, lied)).as("member 12 proposes as sequential TPE would after 10 and 11 scored the lie")
                .isEqualTo(batch.get(2));

        // a whole study one at a time: every TPE trial is the proposal from the trials before it
        var settings = new Tuner.Settings("tpe", 13, "accuracy", "none", 1, 5, 5);
        var study = Tuner.run(data(300, 1), data(200, 2), request(), space, settings, Tuner.Observer.NONE);
        for (int number = 10; number < 13; number++) {
            assertThat(study.trials().get(number).params()).isEqualTo(TrialProposals.propose(space, settings, number,
                    study.trials().subList(0, number)));
        }
    }

    @Test
    void tpeWithTrialsInParallelProposesTheSameStudyEachTime() {
        var settings = new Tuner.Settings("tpe", 16, "accuracy", "none", 3, 5, 8);
        var first = Tuner.run(data(300, 1), data(200, 2), request(), space(), settings, Tuner.Observer.NONE);
        var second = Tuner.run(data(300, 1), data(200, 2), request(), space(), settings, Tuner.Observer.NONE);
        assertThat(second.trials()).extracting(Tuner.Trial::params).isEqualTo(first.trials().stream().map(Tuner.Trial::params).toList());
        assertThat(second.trials()).extracting(Tuner.Trial::value).isEqualTo(first.trials().stream().map(Tuner.Trial::value).toList());
    }
}
