package io.pipewright.quality;

import io.pipewright.data.ColumnBatch;
import io.pipewright.data.ColumnPlan;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import tech.tablesaw.selection.Selection;

/**
 * What one chunk's rows showed: failing counts and the first examples per row-level expectation, which rows failed,
 * and per-column statistics. Made on a worker thread; merged in file order on the reading thread. Every loop over a
 * chunk's rows is a small method of its own, so the JIT compiles each alone.
 */
final class ChunkResult {
    final ColumnBatch batch;
    final int size;
    final long[] failing;
    final List<List<ValidationReport.Example>> examples;
    final boolean[] rowFailed;
    final ColumnStats[] stats;
    /** Per column with a uniqueness check (in {@link Checks#columns} order): a 64-bit hash per row, for the merge. */
    final long[][] uniqueHashes;

    /** Per-column statistics for the report and the table-level expectations. */
    static final class ColumnStats {
        long present;
        long missing;
        long invalid;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long n;
        double mean;
        double m2;
        int lengthMin = Integer.MAX_VALUE;
        int lengthMax = Integer.MIN_VALUE;

        void merge(ColumnStats other) {
            present += other.present;
            missing += other.missing;
            invalid += other.invalid;
            min = Math.min(min, other.min);
            max = Math.max(max, other.max);
            lengthMin = Math.min(lengthMin, other.lengthMin);
            lengthMax = Math.max(lengthMax, other.lengthMax);
            if (other.n == 0) {
                return;
            }
            if (n == 0) {
                n = other.n;
                mean = other.mean;
                m2 = other.m2;
                return;
            }
            long total = n + other.n;
            double delta = other.mean - mean;
            mean += delta * other.n / total;
            m2 += other.m2 + delta * delta * ((double) n * other.n / total);
            n = total;
        }

        Double stddev() {
            return n < 2 ? null : Math.sqrt(m2 / (n - 1));
        }
    }

    private final int maxExamples;

    ChunkResult(Checks checks, ColumnBatch batch, int maxExamples) {
        this.batch = batch;
        this.size = batch.size;
        this.maxExamples = maxExamples;
        this.failing = new long[checks.slots];
        this.examples = new ArrayList<>(checks.slots);
        for (int s = 0; s < checks.slots; s++) {
            examples.add(new ArrayList<>(0));
        }
        this.rowFailed = new boolean[size];
        this.stats = new ColumnStats[checks.columns.size()];
        int unique = 0;
        for (Checks.ColumnCheck column : checks.columns) {
            if (column.uniqueSlot >= 0) {
                unique++;
            }
        }
        this.uniqueHashes = new long[unique][];
    }

    /** Checks every row of the chunk. */
    static ChunkResult check(Checks checks, ColumnBatch batch, int maxExamples) {
        var result = new ChunkResult(checks, batch, maxExamples);
        int unique = 0;
        for (int k = 0; k < checks.columns.size(); k++) {
            Checks.ColumnCheck column = checks.columns.get(k);
            var stats = new ColumnStats();
            result.stats[k] = stats;
            result.states(column, stats);
            switch (column.kind) {
                case NUMBER, BOOLEAN -> result.numbers(column, stats);
                case DATETIME -> result.dates(column, stats);
                case STRING -> result.strings(column, stats);
            }
            if (column.uniqueSlot >= 0) {
                result.uniqueHashes[unique++] = result.hashes(column);
            }
        }
        for (Checks.RuleCheck rule : checks.rules) {
            result.rule(checks, rule);
        }
        return result;
    }

    private void fail(int slot, int row, String value) {
        failing[slot]++;
        rowFailed[row] = true;
        List<ValidationReport.Example> kept = examples.get(slot);
        if (kept.size() < maxExamples) {
            kept.add(new ValidationReport.Example(batch.lines[row], value));
        }
    }

    /** Missing and invalid cells: notNull and type. */
    private void states(Checks.ColumnCheck column, ColumnStats stats) {
        byte[] state = batch.state[column.index];
        int typeSlot = column.typeSlot;
        int notNullSlot = column.notNullSlot;
        long missing = 0;
        long invalid = 0;
        for (int i = 0; i < size; i++) {
            byte cell = state[i];
            if (cell == ColumnBatch.MISSING) {
                missing++;
                if (notNullSlot >= 0) {
                    fail(notNullSlot, i, "(missing)");
                }
            } else if (cell == ColumnBatch.INVALID) {
                invalid++;
                if (typeSlot >= 0) {
                    fail(typeSlot, i, batch.strings[column.index][i]);
                }
            }
        }
        stats.missing = missing;
        stats.invalid = invalid;
        stats.present = size - missing - invalid;
    }

    private void numbers(Checks.ColumnCheck column, ColumnStats stats) {
        int c = column.index;
        byte[] state = batch.state[c];
        double[] values = batch.numbers[c];
        double low = column.min;
        double high = column.max;
        boolean checkLow = column.minSlot >= 0 && !Double.isNaN(low);
        boolean checkHigh = column.maxSlot >= 0 && !Double.isNaN(high);
        var allowed = column.allowedKeys;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long n = 0;
        double mean = 0;
        double m2 = 0;
        for (int i = 0; i < size; i++) {
            if (state[i] != ColumnBatch.PRESENT) {
                continue;
            }
            double value = values[i];
            if (value < min) {
                min = value;
            }
            if (value > max) {
                max = value;
            }
            if (checkLow && value < low) {
                fail(column.minSlot, i, Values.number(value, column.kind));
            }
            if (checkHigh && value > high) {
                fail(column.maxSlot, i, Values.number(value, column.kind));
            }
            if (allowed != null && !allowed.contains(Checks.numberKey(value))) {
                fail(column.allowedSlot, i, Values.number(value, column.kind));
            }
            if (Double.isFinite(value)) {
                n++;
                double delta = value - mean;
                mean += delta / n;
                m2 += delta * (value - mean);
            }
        }
        stats.min = min;
        stats.max = max;
        stats.n = n;
        stats.mean = mean;
        stats.m2 = m2;
        if (column.regexSlot >= 0 || column.lengthSlot >= 0) {
            texts(column, stats, true);
        }
    }

    private void dates(Checks.ColumnCheck column, ColumnStats stats) {
        int c = column.index;
        byte[] state = batch.state[c];
        long[] values = batch.dates[c];
        boolean checkLow = column.minSlot >= 0 && !Double.isNaN(column.min);
        boolean checkHigh = column.maxSlot >= 0 && !Double.isNaN(column.max);
        long low = checkLow ? (long) column.min : Long.MIN_VALUE;
        long high = checkHigh ? (long) column.max : Long.MAX_VALUE;
        var allowed = column.allowedKeys;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            if (state[i] != ColumnBatch.PRESENT) {
                continue;
            }
            long value = values[i];
            min = Math.min(min, value);
            max = Math.max(max, value);
            if (value < low) {
                fail(column.minSlot, i, Values.date(value));
            }
            if (value > high) {
                fail(column.maxSlot, i, Values.date(value));
            }
            if (allowed != null && !allowed.contains(value)) {
                fail(column.allowedSlot, i, Values.date(value));
            }
        }
        if (min <= max) {
            stats.min = min;
            stats.max = max;
        }
        if (column.regexSlot >= 0 || column.lengthSlot >= 0) {
            texts(column, stats, true);
        }
    }

    private void strings(Checks.ColumnCheck column, ColumnStats stats) {
        int c = column.index;
        byte[] state = batch.state[c];
        String[] values = batch.strings[c];
        var allowed = column.allowedText;
        if (allowed != null) {
            for (int i = 0; i < size; i++) {
                if (state[i] == ColumnBatch.PRESENT && !allowed.contains(values[i])) {
                    fail(column.allowedSlot, i, values[i]);
                }
            }
        }
        // min, max, mean or stddev on a column read as text are reported as such, not checked value by value; regex and length still are
        texts(column, stats, false);
    }

    /** Regex and length on the values as text (a typed column's values written back as text, only when asked). */
    private void texts(Checks.ColumnCheck column, ColumnStats stats, boolean typed) {
        int c = column.index;
        byte[] state = batch.state[c];
        String[] values = batch.strings[c];
        Matcher matcher = column.regex == null ? null : Checks.matcher(column.regex);
        int lengthMin = Integer.MAX_VALUE;
        int lengthMax = Integer.MIN_VALUE;
        int low = column.lengthMin;
        int high = column.lengthMax;
        boolean lengths = column.lengthSlot >= 0;
        for (int i = 0; i < size; i++) {
            if (state[i] != ColumnBatch.PRESENT) {
                continue;
            }
            String value = typed ? text(column, i) : values[i];
            int length = value.length();
            lengthMin = Math.min(lengthMin, length);
            lengthMax = Math.max(lengthMax, length);
            if (lengths && (length < low || length > high)) {
                fail(column.lengthSlot, i, value);
            }
            if (matcher != null && !matcher.reset(value).find()) {
                fail(column.regexSlot, i, value);
            }
        }
        stats.lengthMin = lengthMin;
        stats.lengthMax = lengthMax;
    }

    private String text(Checks.ColumnCheck column, int row) {
        int c = column.index;
        return switch (column.kind) {
            case NUMBER, BOOLEAN -> Values.number(batch.numbers[c][row], column.kind);
            case DATETIME -> Values.date(batch.dates[c][row]);
            case STRING -> batch.strings[c][row];
        };
    }

    /** A 64-bit hash of each present value (0 for a missing or invalid cell, which uniqueness ignores). */
    private long[] hashes(Checks.ColumnCheck column) {
        int c = column.index;
        byte[] state = batch.state[c];
        long[] hashes = new long[size];
        for (int i = 0; i < size; i++) {
            if (state[i] != ColumnBatch.PRESENT) {
                continue;
            }
            long hash = switch (column.kind) {
                case NUMBER, BOOLEAN -> Checks.mix(Checks.numberKey(batch.numbers[c][i]) + 0x9E3779B97F4A7C15L);
                case DATETIME -> Checks.mix(batch.dates[c][i] + 0x632BE59BD9B4E019L);
                case STRING -> Checks.hash(batch.strings[c][i]);
            };
            hashes[i] = hash == 0 ? 1 : hash;
        }
        return hashes;
    }

    private void rule(Checks checks, Checks.RuleCheck rule) {
        Selection failed = checks.ruleFailures(rule, batch);
        for (int row : failed) {
            fail(rule.slot(), row, ruleValues(checks, rule, row));
        }
    }

    private String ruleValues(Checks checks, Checks.RuleCheck rule, int row) {
        var text = new StringBuilder();
        for (int c : rule.columns()) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(checks.names.get(c)).append('=');
            byte cell = batch.state[c][row];
            if (cell == ColumnBatch.MISSING) {
                text.append("(missing)");
            } else if (cell == ColumnBatch.INVALID) {
                text.append(batch.strings[c][row]);
            } else {
                text.append(switch (checks.plans[c].kind()) {
                    case NUMBER, BOOLEAN -> Values.number(batch.numbers[c][row], checks.plans[c].kind());
                    case DATETIME -> Values.date(batch.dates[c][row]);
                    case STRING -> batch.strings[c][row];
                });
            }
        }
        return text.toString();
    }

    /** How a kind's values are written in examples. */
    static final class Values {
        private Values() {
        }

        static String number(double value, ColumnPlan.Kind kind) {
            if (kind == ColumnPlan.Kind.BOOLEAN) {
                return value == 1 ? "true" : "false";
            }
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                return Double.toString(value);
            }
            return Numbers.plain(value);
        }

        static String date(long millis) {
            String text = java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC));
            return text.endsWith("T00:00:00") ? text.substring(0, 10) : text.endsWith("T00:00") ? text.substring(0, 10) : text;
        }
    }
}
