package io.pipewright.serve;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pipewright.train.FeatureBins;
import java.util.List;

/**
 * Each feature's population stability index of the inputs served recently against the training
 * rows (the bins stored in the model artifact), over a sliding window of the last rows: counts per
 * bin are kept as rows come and go, so a scrape reads them without scanning the window. The index
 * is NaN until the window holds {@link #MIN_ROWS} rows (or is full, if smaller): a handful of rows
 * would read as drift.
 */
final class ServingDrift {
    static final int MIN_ROWS = 100;

    private final List<FeatureBins> reference;
    /** The window: per slot, each feature's bin. */
    private final byte[][] window;
    private final int[][] counts;
    private int next;
    private int filled;

    ServingDrift(List<FeatureBins> reference, int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("the drift window must hold at least one row, not " + rows);
        }
        this.reference = List.copyOf(reference);
        this.window = new byte[rows][reference.size()];
        this.counts = new int[reference.size()][];
        for (int f = 0; f < reference.size(); f++) {
            if (reference.get(f).bins() > Byte.MAX_VALUE) {
                throw new IllegalArgumentException("feature '" + reference.get(f).column() + "' has more bins than the window can hold");
            }
            counts[f] = new int[reference.get(f).bins()];
        }
    }

    /** Adds rows of feature values (in the order of the reference, as the model's encoding reads them), dropping the oldest beyond the window. */
    void record(Object[][] rows) {
        var bins = new byte[rows.length][reference.size()];
        for (int r = 0; r < rows.length; r++) {
            for (int f = 0; f < reference.size(); f++) {
                bins[r][f] = (byte) reference.get(f).bin(rows[r][f]);
            }
        }
        synchronized (this) {
            for (byte[] row : bins) {
                byte[] slot = window[next];
                if (filled == window.length) {
                    for (int f = 0; f < slot.length; f++) {
                        counts[f][slot[f]]--;
                    }
                } else {
                    filled++;
                }
                for (int f = 0; f < row.length; f++) {
                    slot[f] = row[f];
                    counts[f][row[f]]++;
                }
                next = (next + 1) % window.length;
            }
        }
    }

    synchronized int rows() {
        return filled;
    }

    /** The feature's index over the window; NaN while the window holds too few rows. */
    synchronized double psi(int feature) {
        if (filled < Math.min(MIN_ROWS, window.length)) {
            return Double.NaN;
        }
        return reference.get(feature).psi(counts[feature]);
    }

    /** A gauge per feature, {@code pipewright_feature_drift_psi{feature=...}}, and the rows in the window. */
    void register(MeterRegistry registry) {
        for (int f = 0; f < reference.size(); f++) {
            int feature = f;
            Gauge.builder("pipewright.feature.drift.psi", this, monitor -> monitor.psi(feature))
                    .description("population stability index of the recent inputs against the training rows (0.1: moderate, 0.2: significant shift)")
                    .tag("feature", reference.get(f).column()).register(registry);
        }
        Gauge.builder("pipewright.drift.window.rows", this, ServingDrift::rows).description("rows in the drift window").register(registry);
    }
}
