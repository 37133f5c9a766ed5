package io.pipewright.work;

import java.util.Locale;

/** Byte counts as people read them: 812 B, 64.2 KB, 1.3 GB (powers of 1024). */
public final class ByteSizes {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

    private ByteSizes() {
    }

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : "%.1f %s", value, UNITS[unit]);
    }
}
