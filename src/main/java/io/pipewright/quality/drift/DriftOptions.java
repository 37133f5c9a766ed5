package io.pipewright.quality.drift;

import java.util.List;

/**
 * How to compare: the share of tested columns that must drift for the dataset to drift, the target
 * column (reported apart, not counted in that share), columns to leave out, threads, and each test's
 * threshold (Evidently's defaults: p-value 0.05 for KS, chi-squared and Z; 0.1 for the normed
 * Wasserstein and the Jensen–Shannon distances; PSI bands at 0.1 and 0.2).
 */
public record DriftOptions(double driftShare, String target, List<String> skip, int threads, double pValue, double wasserstein,
                           double jensenShannon, double psiModerate, double psiSignificant) {
    public static final double DEFAULT_SHARE = 0.5;

    public DriftOptions {
        skip = skip == null ? List.of() : List.copyOf(skip);
        if (!(driftShare > 0 && driftShare <= 1)) {
            throw new IllegalArgumentException("--drift-share must be above 0 and at most 1, not " + driftShare);
        }
        if (!(pValue > 0 && pValue < 1)) {
            throw new IllegalArgumentException("the p-value threshold must be between 0 and 1, not " + pValue);
        }
        if (!(wasserstein > 0) || !(jensenShannon > 0) || !(psiModerate > 0) || !(psiSignificant >= psiModerate)) {
            throw new IllegalArgumentException("drift thresholds must be positive, and the significant PSI band at or above the moderate one");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, not " + threads);
        }
        if (target != null && target.isBlank()) {
            target = null;
        }
    }

    public static DriftOptions defaults() {
        return new DriftOptions(DEFAULT_SHARE, null, List.of(), Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())),
                0.05, 0.1, 0.1, 0.1, 0.2);
    }

    public DriftOptions withDriftShare(double value) {
        return new DriftOptions(value, target, skip, threads, pValue, wasserstein, jensenShannon, psiModerate, psiSignificant);
    }

    public DriftOptions withTarget(String value) {
        return new DriftOptions(driftShare, value, skip, threads, pValue, wasserstein, jensenShannon, psiModerate, psiSignificant);
    }

    public DriftOptions withSkip(List<String> value) {
        return new DriftOptions(driftShare, target, value, threads, pValue, wasserstein, jensenShannon, psiModerate, psiSignificant);
    }

    public DriftOptions withThreads(int value) {
        return new DriftOptions(driftShare, target, skip, value, pValue, wasserstein, jensenShannon, psiModerate, psiSignificant);
    }

    /** "none" below the moderate band, "moderate", or "significant". */
    public String psiBand(double psi) {
        return psi >= psiSignificant ? "significant" : psi >= psiModerate ? "moderate" : "none";
    }
}
