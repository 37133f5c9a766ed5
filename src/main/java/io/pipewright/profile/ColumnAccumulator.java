package io.pipewright.profile;

import io.pipewright.data.ColumnPlan;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Everything the profile needs to know about one column of one chunk, mergeable with the same
 * column of other chunks. Values are read as the column's {@link ColumnPlan} says; a value that
 * does not fit is counted as invalid (with the first example) and still counted as text.
 */
final class ColumnAccumulator {
    /** Up to this many values a column's quantiles and histogram are exact; past it, they come from the row sample. */
    static final int EXACT_QUANTILE_LIMIT = 100_000;
    private static final DateTimeFormatter DATE_LABEL = DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC);

    private static final double[] NO_VALUES = new double[0];

    final ColumnPlan plan;

    long count;
    long missing;
    long invalid;
    long firstInvalidLine = Long.MAX_VALUE;
    String firstInvalidValue;

    final ValueCounts.Strings texts;
    final ValueCounts.Longs keys;

    long lengthMin = Long.MAX_VALUE;
    long lengthMax;
    long lengthSum;

    final Moments moments = new Moments();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long zeros;
    long negatives;
    long infinite;
    long nan;
    boolean integral = true;
    /** Numbers or dates in arrival order while there are at most {@link #EXACT_QUANTILE_LIMIT}; then null. */
    double[] exactValues;
    int exactSize;
    /** How many numbers or dates were seen (finite ones). */
    long orderedCount;

    long trues;
    long falses;

    /**
     * @param textsMode how the text counts start ({@link ValueCounts#mode()}: once the column went past
     *                  the exact limit in earlier chunks, there is no point building an exact map for this one)
     * @param keysMode  the same for the typed values
     * @param expectedDistinct how many distinct values a chunk of this column may hold (presizes its map)
     */
    ColumnAccumulator(ColumnPlan plan, int textsMode, int keysMode, boolean quantilesSketched, int expectedDistinct) {
        this.plan = plan;
        this.texts = new ValueCounts.Strings(textsMode, plan.kind() == ColumnPlan.Kind.STRING ? expectedDistinct : 0);
        this.keys = switch (plan.kind()) {
            case NUMBER -> new ValueCounts.Longs(ColumnAccumulator::numberLabel, keysMode, expectedDistinct);
            case DATETIME -> new ValueCounts.Longs(ColumnAccumulator::dateLabel, keysMode, expectedDistinct);
            case BOOLEAN -> new ValueCounts.Longs(key -> key == 1 ? "true" : "false", keysMode, 2);
            case STRING -> null;
        };
        boolean ordered = plan.kind() == ColumnPlan.Kind.NUMBER || plan.kind() == ColumnPlan.Kind.DATETIME;
        if (ordered && !quantilesSketched) {
            this.exactValues = NO_VALUES; // made to the size of the first chunk added
        }
    }

    static String numberLabel(long bits) {
        double value = Double.longBitsToDouble(bits);
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    static String dateLabel(long millis) {
        String text = DATE_LABEL.format(Instant.ofEpochMilli(millis));
        return text.endsWith("T00:00:00") ? text.substring(0, 10) : text;
    }

    private void addText(String value) {
        texts.add(value);
        int length = value.length();
        lengthMin = Math.min(lengthMin, length);
        lengthMax = Math.max(lengthMax, length);
        lengthSum += length;
    }

    /** A text value read by hash only (see {@link io.pipewright.data.ColumnBatch#textHashes}). */
    private void addHashedText(int hashCode, int length) {
        texts.addHashed(hashCode, length);
        lengthMin = Math.min(lengthMin, length);
        lengthMax = Math.max(lengthMax, length);
        lengthSum += length;
    }

    private void invalid(String value, long line) {
        invalid++;
        if (line < firstInvalidLine) {
            firstInvalidLine = line;
            firstInvalidValue = value.length() > 60 ? value.substring(0, 60) + "…" : value;
        }
        addText(value);
    }

    /**
     * Adds column {@code c} of a batch: the fast path, with numbers and dates already read. Each kind's loop is a
     * method of its own, so the compiler optimises each for the one kind it sees instead of recompiling one
     * method as each column kind reaches it.
     */
    void addColumn(io.pipewright.data.ColumnBatch batch, int c) {
        int size = batch.size;
        if (exactValues != null && exactValues.length - exactSize < size) {
            exactValues = java.util.Arrays.copyOf(exactValues, exactSize + size); // one copy, not a doubling chain
        }
        switch (plan.kind()) {
            case NUMBER -> addNumbers(batch, c);
            case BOOLEAN -> addBooleans(batch, c);
            case DATETIME -> addDates(batch, c);
            case STRING -> addStrings(batch, c);
        }
    }

    private void addNumbers(io.pipewright.data.ColumnBatch batch, int c) {
        byte[] state = batch.state[c];
        int size = batch.size;
        String[] strings = batch.strings[c];
        double[] values = batch.numbers[c];
        boolean[] whole = batch.integral[c];
        for (int i = 0; i < size; i++) {
            byte cell = state[i];
            if (cell == io.pipewright.data.ColumnBatch.MISSING) {
                missing++;
            } else {
                count++;
                if (cell == io.pipewright.data.ColumnBatch.INVALID) {
                    invalid(strings[i], batch.lines[i]);
                } else {
                    addNumberValue(values[i], whole[i]);
                }
            }
        }
    }

    private void addBooleans(io.pipewright.data.ColumnBatch batch, int c) {
        byte[] state = batch.state[c];
        int size = batch.size;
        String[] strings = batch.strings[c];
        double[] values = batch.numbers[c];
        for (int i = 0; i < size; i++) {
            byte cell = state[i];
            if (cell == io.pipewright.data.ColumnBatch.MISSING) {
                missing++;
            } else {
                count++;
                if (cell == io.pipewright.data.ColumnBatch.INVALID) {
                    invalid(strings[i], batch.lines[i]);
                } else {
                    addBooleanValue(values[i] == 1);
                }
            }
        }
    }

    private void addDates(io.pipewright.data.ColumnBatch batch, int c) {
        byte[] state = batch.state[c];
        int size = batch.size;
        String[] strings = batch.strings[c];
        long[] values = batch.dates[c];
        for (int i = 0; i < size; i++) {
            byte cell = state[i];
            if (cell == io.pipewright.data.ColumnBatch.MISSING) {
                missing++;
            } else {
                count++;
                if (cell == io.pipewright.data.ColumnBatch.INVALID) {
                    invalid(strings[i], batch.lines[i]);
                } else {
                    addDateValue(values[i]);
                }
            }
        }
    }

    private void addStrings(io.pipewright.data.ColumnBatch batch, int c) {
        byte[] state = batch.state[c];
        int size = batch.size;
        String[] strings = batch.strings[c];
        int[] hashes = batch.textHashes[c];
        int[] lengths = batch.textLengths[c];
        for (int i = 0; i < size; i++) {
            if (state[i] == io.pipewright.data.ColumnBatch.MISSING) {
                missing++;
            } else {
                count++;
                String text = strings[i];
                if (text != null) {
                    addText(text);
                } else {
                    addHashedText(hashes[i], lengths[i]);
                }
            }
        }
    }

    private void addNumberValue(double x, boolean whole) {
        if (Double.isNaN(x)) {
            nan++;
            return;
        }
        keys.add(Double.doubleToLongBits(x == 0.0 ? 0.0 : x)); // -0.0 and 0.0 are one value
        if (Double.isInfinite(x)) {
            infinite++;
            return;
        }
        moments.add(x);
        addOrdered(x);
        if (x < min) {
            min = x;
        }
        if (x > max) {
            max = x;
        }
        if (x == 0) {
            zeros++;
        } else if (x < 0) {
            negatives++;
        }
        integral &= whole;
    }

    private void addDateValue(long millis) {
        keys.add(millis);
        addOrdered(millis);
        if (millis < min) {
            min = millis;
        }
        if (millis > max) {
            max = millis;
        }
    }

    private void addOrdered(double x) {
        orderedCount++;
        if (exactValues != null) {
            if (exactSize == exactValues.length) {
                exactValues = java.util.Arrays.copyOf(exactValues, Math.max(64, exactSize * 2));
            }
            exactValues[exactSize++] = x;
        }
    }

    /** Values in ascending order while exact, else null. */
    double[] sortedExactValues() {
        if (exactValues == null) {
            return null;
        }
        double[] sorted = java.util.Arrays.copyOf(exactValues, exactSize);
        java.util.Arrays.sort(sorted);
        return sorted;
    }

    long orderedCount() {
        return orderedCount;
    }

    private void addBooleanValue(boolean parsed) {
        keys.add(parsed ? 1 : 0);
        if (parsed) {
            trues++;
        } else {
            falses++;
        }
    }

    void merge(ColumnAccumulator other) {
        count += other.count;
        missing += other.missing;
        invalid += other.invalid;
        if (other.firstInvalidLine < firstInvalidLine) {
            firstInvalidLine = other.firstInvalidLine;
            firstInvalidValue = other.firstInvalidValue;
        }
        texts.merge(other.texts);
        if (keys != null) {
            keys.merge(other.keys);
        }
        lengthMin = Math.min(lengthMin, other.lengthMin);
        lengthMax = Math.max(lengthMax, other.lengthMax);
        lengthSum += other.lengthSum;
        moments.merge(other.moments);
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        zeros += other.zeros;
        negatives += other.negatives;
        infinite += other.infinite;
        nan += other.nan;
        integral &= other.integral;
        orderedCount += other.orderedCount;
        if (exactValues != null && other.exactValues != null && exactSize + other.exactSize <= EXACT_QUANTILE_LIMIT) {
            if (exactSize + other.exactSize > exactValues.length) {
                exactValues = java.util.Arrays.copyOf(exactValues, Math.max(exactSize + other.exactSize, exactValues.length * 2));
            }
            System.arraycopy(other.exactValues, 0, exactValues, exactSize, other.exactSize);
            exactSize += other.exactSize;
        } else {
            // past the limit, quantiles and the histogram come from the row sample
            exactValues = null;
            exactSize = 0;
        }
        trues += other.trues;
        falses += other.falses;
    }

    /** Values read as the planned type (not invalid). */
    long typedCount() {
        return count - invalid;
    }
}
