package io.pipewright.track;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A metric's history is stored in blocks of up to {@link #MAX_POINTS} points, one row each, not one
 * row per point: writing ten million points is then a hundred thousand rows, which is what makes
 * ingestion fast on an embedded database. A block is text, so the same migration serves H2 and
 * PostgreSQL: {@code step:value:millis} per point, {@code ;} between points, where millis is the
 * time since the previous point's (the first point's since the epoch) and the value is Java's
 * shortest exact decimal form ({@code NaN} where it was not finite).
 */
final class MetricBlocks {
    static final int MAX_POINTS = 2000;

    private MetricBlocks() {
    }

    static String encode(List<Runs.MetricPoint> points) {
        var text = new StringBuilder(points.size() * 24);
        long previous = 0;
        for (int i = 0; i < points.size(); i++) {
            Runs.MetricPoint point = points.get(i);
            long millis = point.at().toEpochMilli();
            if (i > 0) {
                text.append(';');
            }
            double value = point.value();
            text.append(point.step()).append(':').append(Double.isFinite(value) ? Double.toString(value) : "NaN").append(':').append(millis - previous);
            previous = millis;
        }
        return text.toString();
    }

    /** The block's points in the order they were written. */
    static List<Runs.Point> decode(String key, String text) {
        var points = new ArrayList<Runs.Point>();
        long millis = 0;
        int start = 0;
        int length = text.length();
        while (start < length) {
            int end = text.indexOf(';', start);
            if (end < 0) {
                end = length;
            }
            int first = text.indexOf(':', start);
            int second = text.indexOf(':', first + 1);
            long step = Long.parseLong(text, start, first, 10);
            double value = Double.parseDouble(text.substring(first + 1, second));
            millis += Long.parseLong(text, second + 1, end, 10);
            points.add(new Runs.Point(key, step, Instant.ofEpochMilli(millis), value));
            start = end + 1;
        }
        return points;
    }

    /** Points of one metric from its blocks (read in the order written), sorted by step; a step written twice keeps both, in order. */
    static List<Runs.Point> byStep(List<Runs.Point> written) {
        var sorted = new ArrayList<>(written);
        sorted.sort(java.util.Comparator.comparingLong(Runs.Point::step)); // stable: equal steps stay in write order
        return sorted;
    }
}
