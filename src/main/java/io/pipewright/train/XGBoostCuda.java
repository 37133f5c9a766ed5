package io.pipewright.train;

import java.io.File;
import java.util.Map;
import java.util.Optional;
import ml.dmlc.xgboost4j.java.XGBoostJNI;

/**
 * Whether {@code device: cuda} can train on a GPU here. XGBoost itself never refuses it: without a
 * CUDA build or a visible GPU it logs "Device is changed from GPU to CPU" on the native stderr and
 * trains on the CPU, so a pipeline that asked for a GPU would quietly run somewhere else. Asked once
 * per process.
 */
final class XGBoostCuda {
    private static final String NOT_COMPILED = "not compiled with GPU support";
    private static volatile Optional<String> unavailable;

    private XGBoostCuda() {
    }

    /** Why XGBoost would not train on a GPU here (empty: it would). */
    static Optional<String> unavailableReason() {
        Optional<String> known = unavailable;
        if (known == null) {
            known = probe(builtWithCuda(), System.getenv(), new File("/dev"));
            unavailable = known;
        }
        return known;
    }

    /** XGBoost trains on a GPU when its library was built with CUDA and the CUDA runtime sees a device. */
    static Optional<String> probe(boolean builtWithCuda, Map<String, String> environment, File devices) {
        if (!builtWithCuda) {
            return Optional.of("this XGBoost library was built without CUDA");
        }
        String visible = environment.get("CUDA_VISIBLE_DEVICES");
        if (visible != null && (visible.isBlank() || visible.strip().startsWith("-1") || visible.strip().equalsIgnoreCase("none"))) {
            return Optional.of("CUDA_VISIBLE_DEVICES is '" + visible + "'");
        }
        String[] gpus = devices.list((folder, name) -> name.matches("nvidia[0-9]+"));
        if (gpus == null || gpus.length == 0) {
            return Optional.of("no NVIDIA GPU device in " + devices);
        }
        return Optional.empty();
    }

    /**
     * Asks the native library for a matrix from GPU columns, with no column at all: a build without
     * CUDA answers "not compiled with GPU support" before reading anything; a CUDA build answers
     * otherwise (an empty matrix, freed at once, or an error about the empty input).
     */
    static boolean builtWithCuda() {
        long[] handle = new long[1];
        int status = XGBoostJNI.XGDMatrixCreateFromArrayInterfaceColumns("[]", Float.NaN, 1, handle);
        if (status != 0) {
            String error = XGBoostJNI.XGBGetLastError();
            return error == null || !error.contains(NOT_COMPILED);
        }
        if (handle[0] != 0) {
            XGBoostJNI.XGDMatrixFree(handle[0]);
        }
        return true;
    }

    /** The sentence a person reads when a GPU was asked for and is not there. */
    static String refusal(String reason) {
        return "device cuda: XGBoost found no CUDA device or was built without CUDA (" + reason + "); use device: cpu";
    }

    /** Refuses to go on when a GPU was asked for and XGBoost would train on the CPU. */
    static void requireAvailable() {
        var reason = unavailableReason();
        if (reason.isPresent()) {
            throw new IllegalArgumentException(refusal(reason.get()));
        }
    }
}
