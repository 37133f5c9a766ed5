package io.pipewright.loop;

import io.pipewright.data.DatasetReader;
import io.pipewright.data.TableLoader;
import io.pipewright.pipeline.gate.GateSettings;
import io.pipewright.pipeline.gate.GatedPromotion;
import io.pipewright.track.MonitorChecks;
import io.pipewright.track.Store;
import java.time.Clock;
import tech.tablesaw.api.Table;

/**
 * A monitor's {@code promote: {mode: auto}}: the retrained challenger takes the alias only past the promotion gates
 * ({@link GatedPromotion}, the one definition {@code models promote} and the register node use), judged on the new
 * data's holdout, which neither the challenger nor, being new, the champion trained on. A failed gate leaves the alias
 * where it was; the evidence is stored with the alias event either way.
 */
final class MonitorPromotion {
    /** The action recorded with the alias event. */
    static final String ACTION = "monitor";

    private MonitorPromotion() {
    }

    /** The gates' settings of a promote section; a bad key or value is one line naming {@code promote.gates} in {@code name}. */
    static GateSettings settings(MonitorDefinition.Promote promote, String name) {
        try {
            return GateSettings.fromMap(promote.gates());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": promote.gates: " + e.getMessage(), e);
        }
    }

    /** Promotes the retrained challenger past the gates on the holdout; never throws for a failed gate or a version the gates cannot judge. */
    static MonitorChecks.Promotion promote(Store store, Clock clock, MonitorDefinition.Promote promote, MonitorRunner.Retrained retrained) {
        String alias = promote.aliasOrDefault();
        String challenger = retrained.challenger();
        String name = challenger.substring(0, challenger.lastIndexOf(':'));
        int version = Integer.parseInt(challenger.substring(challenger.lastIndexOf(':') + 1));
        RetrainingData data = retrained.data();
        Table holdout = data == null || data.holdoutRows() == 0 ? null : TableLoader.read(DatasetReader.open(data.holdout())).table();
        String description = data == null ? "no holdout" : "the new data's holdout (" + data.holdoutRows() + " rows, " + data.holdout() + ")";
        try {
            GatedPromotion.Outcome outcome = new GatedPromotion(store, clock).promote(name, version, alias, GateSettings.fromMap(promote.gates()),
                    holdout, description, false, ACTION);
            return new MonitorChecks.Promotion(MonitorDefinition.Promote.AUTO, alias, outcome.moved(), outcome.summary(name, alias));
        } catch (IllegalArgumentException e) {
            return new MonitorChecks.Promotion(MonitorDefinition.Promote.AUTO, alias, false, alias + " not moved: " + e.getMessage());
        }
    }
}
