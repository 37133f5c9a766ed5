package io.pipewright.quality.drift;

import io.pipewright.work.CancelledException;
import io.pipewright.work.Progress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Drift between two tables already in memory (a pipeline's), through the same aggregates and tests
 * as files: numeric columns give numbers, string and boolean columns levels, date and time
 * columns are not tested. A current column of another kind is read as the reference's: text that
 * is not a number counts as invalid in a numeric column.
 */
public final class TableDrift {
    private TableDrift() {
    }

    public static DriftReport compare(Table reference, Table current, String referenceName, String currentName, DriftOptions options,
                                      Progress progress) {
        long started = System.nanoTime();
        if (options.target() != null && !reference.containsColumn(options.target())) {
            throw new IllegalArgumentException("target '" + options.target() + "' is not a column of the reference table");
        }
        Map<String, ColumnAggregate> refColumns = new LinkedHashMap<>();
        Map<String, String> refTypes = new LinkedHashMap<>();
        Map<String, ColumnAggregate.Kind> refKinds = new LinkedHashMap<>();
        for (Column<?> column : reference.columns()) {
            progress.checkCancelled();
            ColumnAggregate.Kind kind = kind(column);
            refKinds.put(column.name(), kind);
            ColumnAggregate aggregate = aggregate(column, kind);
            refColumns.put(column.name(), aggregate);
            refTypes.put(column.name(), type(column, aggregate));
        }
        Map<String, ColumnAggregate> curColumns = new LinkedHashMap<>();
        Map<String, String> curTypes = new LinkedHashMap<>();
        for (Column<?> column : current.columns()) {
            progress.checkCancelled();
            ColumnAggregate.Kind refKind = refKinds.get(column.name());
            ColumnAggregate.Kind own = kind(column);
            ColumnAggregate aggregate = aggregate(column, refKind == null ? own : refKind);
            curColumns.put(column.name(), aggregate);
            curTypes.put(column.name(), refKind == own ? refTypes.get(column.name()) : type(column, aggregate(column, own)));
        }
        var sides = new Drift.Sides(null, null, reference.rowCount(), refTypes, refColumns, null, null, current.rowCount(), curTypes, curColumns,
                false, describe(referenceName, reference, refTypes), describe(currentName, current, curTypes));
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), runnable -> {
            var thread = new Thread(runnable, "pipewright-drift-table");
            thread.setDaemon(true);
            return thread;
        });
        try {
            if (progress.isCancelled()) {
                throw new CancelledException();
            }
            return Drift.assemble(sides, options, pool, started);
        } finally {
            pool.shutdownNow();
        }
    }

    private static DriftReport.Source describe(String name, Table table, Map<String, String> types) {
        var columns = new ArrayList<DriftReport.Column>();
        types.forEach((column, type) -> columns.add(new DriftReport.Column(column, type)));
        return new DriftReport.Source(name, "TABLE", 0, null, table.rowCount(), columns);
    }

    private static ColumnAggregate.Kind kind(Column<?> column) {
        if (column instanceof NumericColumn<?>) {
            return ColumnAggregate.Kind.NUMBER;
        }
        if (column instanceof StringColumn || column instanceof BooleanColumn) {
            return ColumnAggregate.Kind.LEVELS;
        }
        return ColumnAggregate.Kind.COUNT_ONLY;
    }

    private static String type(Column<?> column, ColumnAggregate aggregate) {
        if (column instanceof NumericColumn<?>) {
            return "numeric";
        }
        if (column instanceof BooleanColumn) {
            return "boolean";
        }
        if (column instanceof StringColumn) {
            return Drift.levelType(aggregate);
        }
        return "datetime";
    }

    /** The column's values read as {@code kind}. */
    private static ColumnAggregate aggregate(Column<?> column, ColumnAggregate.Kind kind) {
        var aggregate = new ColumnAggregate(kind);
        int rows = column.size();
        switch (kind) {
            case NUMBER -> {
                double[] values = new double[rows];
                int n = 0;
                for (int i = 0; i < rows; i++) {
                    if (column.isMissing(i)) {
                        aggregate.missing++;
                    } else if (column instanceof NumericColumn<?> numbers) {
                        values[n++] = numbers.getDouble(i);
                    } else {
                        Double parsed = parse(column.getString(i));
                        if (parsed == null) {
                            aggregate.invalid++;
                        } else {
                            values[n++] = parsed;
                        }
                    }
                }
                aggregate.addNumbers(values, n);
            }
            case LEVELS -> {
                for (int i = 0; i < rows; i++) {
                    if (column.isMissing(i)) {
                        aggregate.missing++;
                    } else if (column instanceof BooleanColumn booleans) {
                        aggregate.addLevel(Boolean.TRUE.equals(booleans.get(i)) ? "true" : "false");
                    } else if (column instanceof NumericColumn<?> numbers) {
                        double v = numbers.getDouble(i);
                        aggregate.addLevel(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
                    } else {
                        aggregate.addLevel(column.getString(i));
                    }
                }
            }
            case COUNT_ONLY -> {
                for (int i = 0; i < rows; i++) {
                    if (column.isMissing(i)) {
                        aggregate.missing++;
                    } else {
                        aggregate.count++;
                    }
                }
            }
        }
        return aggregate;
    }

    private static Double parse(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
