package io.pipewright.features;

import io.pipewright.data.ColumnBatch;
import io.pipewright.data.ColumnPlan;
import io.pipewright.data.DateFormats;
import io.pipewright.data.expr.ExpressionException;
import io.pipewright.data.expr.ValueType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A feature view's rows as the join reads them, one typed batch at a time: each row's entity key (the key columns'
 * values as one text), its event time (epoch milliseconds) and its feature values. Numbers, booleans (1 or 0) and
 * date-times (epoch milliseconds) are kept as doubles, with NaN for missing; text as Strings, with null.
 */
final class ViewRows {
    /** What separates the parts of a key of several columns: a character no one types. */
    static final char KEY_SEPARATOR = '\u001f';

    private final FeatureView view;
    private final TypedSource source;
    private final int[] keyColumns;
    private final boolean[] numericKey;
    private final int timeColumn;
    private final int[] featureColumns;
    private final ColumnPlan.Kind[] kinds;
    private final boolean[] skip;

    /** The key of a row whose single key column is missing, as a number key: never a feature row's (NaN is missing). */
    static final long NO_NUMBER_KEY = Double.doubleToLongBits(Double.NaN);

    /**
     * A batch's rows: those with a key and a time ({@code size} of them), with their features. A key is text
     * ({@code keys}), or, where the view has one key column read as numbers on both sides, the number's exact bits
     * ({@code numberKeys}: no text is made, and equal numbers have equal bits).
     */
    static final class Block {
        final int size;
        final String[] keys;
        final long[] numberKeys;
        final long[] times;
        final double[][] numbers;
        final String[][] texts;

        Block(int size, String[] keys, long[] numberKeys, long[] times, double[][] numbers, String[][] texts) {
            this.size = size;
            this.keys = keys;
            this.numberKeys = numberKeys;
            this.times = times;
            this.numbers = numbers;
            this.texts = texts;
        }
    }

    /**
     * {@code numericKey}: for each key column, whether its values compare as numbers (both the entity table and the
     * view read it as numbers, so {@code 42} and {@code 42.0} are one entity); else as text.
     */
    ViewRows(FeatureView view, TypedSource source, boolean[] numericKey) {
        this.view = view;
        this.source = source;
        this.numericKey = numericKey;
        String where = "view " + view.name();
        keyColumns = new int[view.entities().size()];
        for (int k = 0; k < keyColumns.length; k++) {
            keyColumns[k] = source.column(view.entities().get(k), where + "'s entity");
        }
        timeColumn = source.column(view.timestamp(), where + "'s timestamp");
        if (source.plan(timeColumn).kind() != ColumnPlan.Kind.DATETIME) {
            throw new FeatureException(source.name() + ": column " + view.timestamp() + " (" + where + "'s timestamp) does not read as date-times "
                    + "(its first values read as " + source.plan(timeColumn).kind().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        var features = view.features();
        featureColumns = new int[features.size()];
        kinds = new ColumnPlan.Kind[features.size()];
        skip = new boolean[source.columns().size()];
        java.util.Arrays.fill(skip, true);
        for (int k : keyColumns) {
            skip[k] = false;
        }
        skip[timeColumn] = false;
        Table empty = Table.create(source.name());
        for (String column : view.columnsRead()) {
            int index = source.column(column, where + "'s feature");
            skip[index] = false;
            empty.addColumns(emptyColumn(column, source.plan(index).kind()));
        }
        for (int f = 0; f < features.size(); f++) {
            FeatureView.Feature feature = features.get(f);
            if (feature.derived()) {
                featureColumns[f] = -1;
                ValueType type;
                try {
                    type = feature.expression().check(empty);
                } catch (ExpressionException e) {
                    throw new FeatureException(where + ": feature " + feature.name() + ": " + e.getMessage());
                }
                kinds[f] = switch (type) {
                    case NUMBER -> ColumnPlan.Kind.NUMBER;
                    case BOOLEAN -> ColumnPlan.Kind.BOOLEAN;
                    case DATETIME -> ColumnPlan.Kind.DATETIME;
                    case STRING -> ColumnPlan.Kind.STRING;
                    case NULL -> throw new FeatureException(where + ": feature " + feature.name() + ": the expression is always null");
                };
            } else {
                featureColumns[f] = source.column(feature.name(), where + "'s feature");
                kinds[f] = source.plan(featureColumns[f]).kind();
            }
        }
    }

    FeatureView view() {
        return view;
    }

    /** Whether keys are numbers: one key column, read as numbers by the view and the entity table alike. */
    boolean numberKeys() {
        return keyColumns.length == 1 && numericKey[0];
    }

    /** A number as a key: its bits, with -0 as 0. */
    static long numberKey(double value) {
        return Double.doubleToLongBits(value == 0 ? 0.0 : value);
    }

    TypedSource source() {
        return source;
    }

    /** The kind of each feature's values, in the view's order. */
    ColumnPlan.Kind[] kinds() {
        return kinds.clone();
    }

    /** The source's next chunk read as a block, on this thread, or null at the end. */
    Block next() {
        io.pipewright.data.Chunk chunk = source.nextChunk();
        return chunk == null ? null : read(chunk);
    }

    /** Parses a chunk of the source and reads it as a block (on any thread), handing the chunk's buffers back. */
    Block read(io.pipewright.data.Chunk chunk) {
        ColumnBatch batch = source.parse(chunk, skip);
        Block block = read(batch);
        chunk.release();
        batch.recycle();
        return block;
    }

    /** A batch's rows with a key and a time; the others (a missing key or time) are left out, as no entity's value. */
    Block read(ColumnBatch batch) {
        int n = batch.size;
        boolean byNumber = numberKeys();
        var keys = byNumber ? null : new String[n];
        var numberKeys = byNumber ? new long[n] : null;
        var times = new long[n];
        int[] rows = new int[n];
        int size = 0;
        for (int r = 0; r < n; r++) {
            if (batch.state[timeColumn][r] != ColumnBatch.PRESENT) {
                continue;
            }
            if (byNumber) {
                int c = keyColumns[0];
                if (batch.state[c][r] != ColumnBatch.PRESENT) {
                    continue;
                }
                numberKeys[size] = numberKey(batch.numbers[c][r]);
            } else {
                String key = key(batch, r);
                if (key == null) {
                    continue;
                }
                keys[size] = key;
            }
            times[size] = batch.dates[timeColumn][r];
            rows[size++] = r;
        }
        var numbers = new double[kinds.length][];
        var texts = new String[kinds.length][];
        Table derivedFrom = null;
        for (int f = 0; f < kinds.length; f++) {
            if (kinds[f] == ColumnPlan.Kind.STRING) {
                texts[f] = new String[size];
            } else {
                numbers[f] = new double[size];
            }
            FeatureView.Feature feature = view.features().get(f);
            if (feature.derived()) {
                if (derivedFrom == null) {
                    derivedFrom = table(batch, rows, size);
                }
                Column<?> values;
                try {
                    values = feature.expression().evaluate(derivedFrom, feature.name());
                } catch (ExpressionException e) {
                    throw new FeatureException("view " + view.name() + ": feature " + feature.name() + ": " + e.getMessage());
                }
                fill(values, numbers[f], texts[f]);
            } else {
                int c = featureColumns[f];
                for (int i = 0; i < size; i++) {
                    int r = rows[i];
                    boolean present = batch.state[c][r] == ColumnBatch.PRESENT;
                    switch (kinds[f]) {
                        case NUMBER, BOOLEAN -> numbers[f][i] = present ? batch.numbers[c][r] : Double.NaN;
                        case DATETIME -> numbers[f][i] = present ? batch.dates[c][r] : Double.NaN;
                        case STRING -> texts[f][i] = present ? batch.text(c, r) : null;
                    }
                }
            }
        }
        return new Block(size, keys, numberKeys, times, numbers, texts);
    }

    private String key(ColumnBatch batch, int r) {
        if (keyColumns.length == 1) {
            return part(batch, keyColumns[0], numericKey[0], r);
        }
        var key = new StringBuilder();
        for (int k = 0; k < keyColumns.length; k++) {
            String part = part(batch, keyColumns[k], numericKey[k], r);
            if (part == null) {
                return null;
            }
            if (k > 0) {
                key.append(KEY_SEPARATOR);
            }
            key.append(part);
        }
        return key.toString();
    }

    private String part(ColumnBatch batch, int c, boolean numeric, int r) {
        if (batch.state[c][r] != ColumnBatch.PRESENT) {
            return null;
        }
        if (numeric) {
            return number(batch.numbers[c][r]);
        }
        return switch (source.plan(c).kind()) {
            case NUMBER, BOOLEAN -> number(batch.numbers[c][r]);
            case DATETIME -> Long.toString(batch.dates[c][r]);
            case STRING -> batch.text(c, r);
        };
    }

    /** A number as a key part: {@code 42} whether it was written 42 or 42.0. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** A text key part from a cell as written, read as its column's kind says. */
    static String part(String cell, ColumnPlan plan, boolean numeric, io.pipewright.data.NumberParser parser) {
        if (cell == null) {
            return null;
        }
        if (numeric || plan.kind() == ColumnPlan.Kind.NUMBER) {
            return parser.parse(cell) ? number(parser.value) : null;
        }
        if (plan.kind() == ColumnPlan.Kind.DATETIME) {
            long millis = plan.dateFormat().epochMillis(cell);
            return millis == DateFormats.NOT_A_DATE ? null : Long.toString(millis);
        }
        if (plan.kind() == ColumnPlan.Kind.BOOLEAN) {
            Boolean value = io.pipewright.data.TypeInference.booleanValue(cell);
            return value == null ? null : value ? "1" : "0";
        }
        return cell;
    }

    private Table table(ColumnBatch batch, int[] rows, int size) {
        var columns = new ArrayList<Column<?>>();
        for (String name : view.columnsRead()) {
            int c = source.columns().indexOf(name);
            columns.add(column(batch, c, name, rows, size));
        }
        return Table.create(source.name(), columns.toArray(Column<?>[]::new));
    }

    private Column<?> column(ColumnBatch batch, int c, String name, int[] rows, int size) {
        return switch (source.plan(c).kind()) {
            case NUMBER -> {
                var values = new double[size];
                for (int i = 0; i < size; i++) {
                    values[i] = batch.state[c][rows[i]] == ColumnBatch.PRESENT ? batch.numbers[c][rows[i]] : Double.NaN;
                }
                yield DoubleColumn.create(name, values);
            }
            case BOOLEAN -> {
                var column = BooleanColumn.create(name);
                for (int i = 0; i < size; i++) {
                    if (batch.state[c][rows[i]] == ColumnBatch.PRESENT) {
                        column.append(batch.numbers[c][rows[i]] != 0);
                    } else {
                        column.appendMissing();
                    }
                }
                yield column;
            }
            case DATETIME -> {
                var column = DateTimeColumn.create(name);
                for (int i = 0; i < size; i++) {
                    if (batch.state[c][rows[i]] == ColumnBatch.PRESENT) {
                        column.append(LocalDateTime.ofInstant(Instant.ofEpochMilli(batch.dates[c][rows[i]]), ZoneOffset.UTC));
                    } else {
                        column.appendMissing();
                    }
                }
                yield column;
            }
            case STRING -> {
                var column = StringColumn.create(name);
                for (int i = 0; i < size; i++) {
                    if (batch.state[c][rows[i]] == ColumnBatch.PRESENT) {
                        column.append(batch.text(c, rows[i]));
                    } else {
                        column.appendMissing();
                    }
                }
                yield column;
            }
        };
    }

    private static Column<?> emptyColumn(String name, ColumnPlan.Kind kind) {
        return switch (kind) {
            case NUMBER -> DoubleColumn.create(name);
            case BOOLEAN -> BooleanColumn.create(name);
            case DATETIME -> DateTimeColumn.create(name);
            case STRING -> StringColumn.create(name);
        };
    }

    private static void fill(Column<?> values, double[] numbers, String[] texts) {
        int size = values.size();
        for (int i = 0; i < size; i++) {
            if (values instanceof DoubleColumn doubles) {
                numbers[i] = doubles.getDouble(i);
            } else if (values instanceof BooleanColumn booleans) {
                numbers[i] = booleans.isMissing(i) ? Double.NaN : booleans.get(i) ? 1 : 0;
            } else if (values instanceof DateTimeColumn times) {
                numbers[i] = times.isMissing(i) ? Double.NaN : times.get(i).toInstant(ZoneOffset.UTC).toEpochMilli();
            } else {
                texts[i] = values.isMissing(i) ? null : values.getString(i);
            }
        }
    }

    /** A feature value as a cell of the joined table (empty: missing). */
    static String cell(ColumnPlan.Kind kind, double number, String text) {
        return switch (kind) {
            case STRING -> text;
            case NUMBER -> Double.isNaN(number) ? null : number(number);
            case BOOLEAN -> Double.isNaN(number) ? null : number != 0 ? "true" : "false";
            case DATETIME -> Double.isNaN(number) ? null : Instant.ofEpochMilli((long) number).toString();
        };
    }

    /** The kinds as the README and JSON name them. */
    static List<String> names(ColumnPlan.Kind[] kinds) {
        return java.util.Arrays.stream(kinds).map(kind -> kind.name().toLowerCase(java.util.Locale.ROOT)).toList();
    }
}
