package io.pipewright.loop;

import io.pipewright.quality.drift.Drift;
import io.pipewright.quality.drift.DriftOptions;
import io.pipewright.quality.drift.DriftReport;

/** A monitor's drift check: {@code pipewright drift}'s comparison, summed up for the thresholds. */
public final class MonitorDrift {
    private MonitorDrift() {
    }

    public static MonitorRunner.DriftCheck check() {
        return (reference, current, share, target, progress) -> {
            DriftOptions options = DriftOptions.defaults().withDriftShare(share);
            DriftReport report = Drift.compare(Drift.reader(reference), Drift.reader(current),
                    target != null && !target.isBlank() ? options.withTarget(target) : options, progress);
            DriftReport.ColumnDrift largest = report.columns().stream().filter(column -> Double.isFinite(column.psi()))
                    .max(java.util.Comparator.comparingDouble(DriftReport.ColumnDrift::psi)).orElse(null);
            double measured = report.testedColumns() == 0 ? 0 : (double) report.driftedColumns() / report.testedColumns();
            return new MonitorRunner.DriftOutcome(report.datasetDrift(), measured, report.driftedColumns(), report.testedColumns(),
                    largest == null ? null : largest.name(), largest == null ? Double.NaN : largest.psi(), report.current().rows(), report.toJson());
        };
    }
}
