package io.pipewright.export.cluster;

import java.util.Locale;

/** Kubernetes CPU and memory quantities: read as millicores and bytes, written as the smallest plain form ({@code 500m}, {@code 2}, {@code 768Mi}). */
public final class Quantity {
    private static final long MI = 1024L * 1024;

    private Quantity() {
    }

    /** {@code 500m} → 500, {@code 2} → 2000, {@code 1.5} → 1500; -1 when not a CPU quantity. */
    public static long cpuMillis(String value) {
        try {
            if (value.endsWith("m")) {
                return Long.parseLong(value.substring(0, value.length() - 1));
            }
            return Math.round(Double.parseDouble(value) * 1000);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code 512Mi} → bytes; a plain number is bytes; -1 when not a memory quantity. */
    public static long memoryBytes(String value) {
        try {
            for (var unit : new String[][] {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"}}) {
                if (value.endsWith(unit[0])) {
                    return Math.multiplyExact(Long.parseLong(value.substring(0, value.length() - 2)), Long.parseLong(unit[1]));
                }
            }
            return Long.parseLong(value);
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }

    /** Millicores as a quantity: whole cores without a unit. */
    public static String cpu(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
    }

    /** Bytes as a quantity in whole MiB (rounded up), or GiB when whole. */
    public static String memory(long bytes) {
        long mebibytes = (bytes + MI - 1) / MI;
        return mebibytes % 1024 == 0 ? mebibytes / 1024 + "Gi" : mebibytes + "Mi";
    }

    /** Bytes for a sentence: {@code 410 MiB}, {@code 1.2 GiB}. */
    public static String readable(long bytes) {
        double mebibytes = bytes / (double) MI;
        return mebibytes >= 1024 ? String.format(Locale.ROOT, "%.1f GiB", mebibytes / 1024) : String.format(Locale.ROOT, "%.0f MiB", Math.ceil(mebibytes));
    }
}
