package io.pipewright.loop;

import io.pipewright.data.DatasetReader;
import io.pipewright.data.TableLoader;
import io.pipewright.train.ModelArtifact;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The rows a monitor retrains on, built from its reference file and its new labelled data and written
 * as two CSV files in the retraining's own folder: {@code training.csv} (what the pipeline's read node
 * reads instead of its own file) and {@code holdout.csv} (a seeded share of the new rows, kept out of
 * training, that the challenger is evaluated on). Columns are the reference's, in its order; a new file
 * lacking one of them gives empty values there, and columns the reference lacks are left out. New rows
 * without a value in the target are not used. A training row identical to a holdout row or to a row of
 * the champion's test data is dropped, so both sets the challenger is scored on stay unseen.
 *
 * @param mode             {@code new}, {@code reference+new} or {@code window}
 * @param window           the number of rows asked for with {@code window}, else null
 * @param training         the training file written
 * @param holdout          the holdout file written (no rows when the new data has too few)
 * @param trainingRows     rows in the training file
 * @param holdoutRows      rows in the holdout file
 * @param newRows          labelled new rows read (before the holdout was drawn)
 * @param duplicatesDropped exact duplicate rows left out of training
 * @param testRowsDropped  rows left out of training because they are rows of the holdout or of the champion's test data
 * @param sources          every file read, reference first, then the new files oldest first
 */
public record RetrainingData(String mode, Long window, Path training, Path holdout, long trainingRows, long holdoutRows, long newRows,
                             long duplicatesDropped, long testRowsDropped, List<Source> sources) {
    public RetrainingData {
        sources = List.copyOf(sources);
    }

    /** A file read: its role ({@code reference} or {@code new}), fingerprint, format, size, rows read from it and its columns. */
    public record Source(String role, Path path, String sha256, String format, long bytes, long rows, List<ModelArtifact.Input> schema) {
        public static final String REFERENCE = "reference";
        public static final String NEW = "new";

        public Source {
            schema = List.copyOf(schema);
        }
    }

    /**
     * What to build: the monitor's retrain section read, its reference file, its new data files oldest first, the
     * model's target; {@code copyNew} when the new files are temporary (served feedback gathered for this check), so
     * a copy is kept beside the training data and that copy is the version recorded.
     */
    /**
     * {@code inputs}: the columns the monitored version reads (empty when not known); the challenger learns from no other
     * column, so it fits wherever the champion is served (an A/B split, the alias follower).
     */
    public record Plan(String mode, Long window, double holdoutShare, Path reference, List<Path> newFiles, String target, boolean copyNew,
                       List<String> inputs) {
        public Plan {
            newFiles = List.copyOf(newFiles);
            inputs = inputs == null ? List.of() : List.copyOf(inputs);
        }
    }

    /** One line on what was trained on, for the check and the command's output. */
    public String describe() {
        String rows = String.format(Locale.ROOT, "%d training rows", trainingRows);
        String from = switch (mode) {
            case MonitorDefinition.Retrain.NEW -> "the new labelled rows";
            case MonitorDefinition.Retrain.WINDOW -> "the newest " + window + " rows";
            default -> "the reference and the new labelled rows";
        };
        return String.format(Locale.ROOT, "%s: %s (%s), %d duplicate rows and %d test rows left out; holdout %d of %d new rows", mode, from, rows,
                duplicatesDropped, testRowsDropped, holdoutRows, newRows);
    }

    /**
     * Checks before anything is compared or recorded that every new file can be trained on: it exists and
     * has the target column. {@code name} is the monitor file's, for the one-line message.
     */
    static void checkLabelled(Plan plan, String name) {
        for (Path file : plan.newFiles()) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(name + ": retrain.data: the new data file " + file + " is missing");
            }
            List<String> columns;
            try (var source = DatasetReader.open(file).source()) {
                columns = source.columns();
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(name + ": retrain.data: cannot read " + file.getFileName() + ": " + e.getMessage(), e);
            }
            if (!columns.contains(plan.target())) {
                throw new IllegalArgumentException(name + ": retrain.data: the new data file " + file.getFileName() + " has no column '"
                        + plan.target() + "' (the model's target), so its rows cannot be trained on");
            }
        }
    }

    /**
     * Reads the files, draws the holdout with {@code seed}, and writes both files into {@code folder} (created);
     * rows equal to one of {@code unseen} (the champion's test data, or null) are left out of training.
     */
    static RetrainingData build(Plan plan, long seed, Path folder, Table unseenRows) {
        var sources = new ArrayList<Source>();
        Table referenceTable = read(plan.reference(), Source.REFERENCE, sources);
        List<String> columns = referenceTable.columnNames();
        int target = columns.indexOf(plan.target());
        if (target < 0) {
            throw new IllegalArgumentException("the reference " + plan.reference().getFileName() + " has no column '" + plan.target() + "'");
        }
        List<List<String>> reference = rows(referenceTable, columns);
        // the labelled new rows, oldest file first; each file's rows in its own order
        var fresh = new ArrayList<List<String>>();
        List<List<String>> newest = List.of();
        for (Path given : plan.newFiles()) {
            Path file = plan.copyNew() ? copy(given, folder) : given;
            Table table = read(file, Source.NEW, sources);
            newest = rows(table, columns).stream().filter(row -> row.get(target) != null).toList();
            fresh.addAll(newest);
        }
        // the holdout: a seeded share of the new rows (of the newest file, for a window, whose older files are history)
        List<List<String>> pool = plan.mode().equals(MonitorDefinition.Retrain.WINDOW) ? newest : fresh;
        int holdoutCount = (int) Math.round(pool.size() * plan.holdoutShare());
        var order = new ArrayList<Integer>();
        for (int i = 0; i < pool.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        Set<Integer> heldOut = new HashSet<>(order.subList(0, holdoutCount));
        var holdout = new ArrayList<List<String>>();
        var heldRows = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<List<String>, Boolean>());
        for (int i = 0; i < pool.size(); i++) {
            if (heldOut.contains(i)) {
                holdout.add(pool.get(i));
                heldRows.add(pool.get(i));
            }
        }
        var candidates = new ArrayList<List<String>>();
        if (!plan.mode().equals(MonitorDefinition.Retrain.NEW)) {
            candidates.addAll(reference);
        }
        fresh.stream().filter(row -> !heldRows.contains(row)).forEach(candidates::add);
        if (plan.mode().equals(MonitorDefinition.Retrain.WINDOW) && candidates.size() > plan.window()) {
            candidates = new ArrayList<>(candidates.subList(candidates.size() - plan.window().intValue(), candidates.size()));
        }
        Set<List<String>> unseen = new HashSet<>(holdout);
        if (unseenRows != null) {
            unseen.addAll(rows(unseenRows, columns));
        }
        Set<List<String>> kept = new HashSet<>();
        boolean dedupe = plan.mode().equals(MonitorDefinition.Retrain.REFERENCE_AND_NEW);
        var training = new ArrayList<List<String>>();
        long dropped = 0;
        long tested = 0;
        for (List<String> row : candidates) {
            if (unseen.contains(row)) {
                tested++;
            } else if (dedupe && !kept.add(row)) {
                dropped++;
            } else {
                training.add(row);
            }
        }
        if (training.isEmpty()) {
            throw new IllegalArgumentException("retrain.data: no rows are left to train on (" + plan.mode() + ", " + fresh.size()
                    + " labelled new rows, " + holdout.size() + " held out)");
        }
        try {
            Files.createDirectories(folder);
            Path trainingFile = write(folder.resolve("training.csv"), columns, training);
            Path holdoutFile = write(folder.resolve("holdout.csv"), columns, holdout);
            return new RetrainingData(plan.mode(), plan.window(), trainingFile, holdoutFile, training.size(), holdout.size(), fresh.size(), dropped,
                    tested, sources);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the retraining data into " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Path copy(Path file, Path folder) {
        try {
            Files.createDirectories(folder);
            return Files.copy(file, folder.resolve("new-" + file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a copy of " + file + " in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Table read(Path file, String role, List<Source> sources) {
        try {
            var reader = DatasetReader.open(file);
            var loaded = TableLoader.read(reader);
            sources.add(new Source(role, file.toAbsolutePath().normalize(), loaded.sha256(), reader.format().label(), Files.size(file),
                    loaded.table().rowCount(), ModelArtifact.schema(loaded.table())));
            return loaded.table();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Each row as text cells in {@code columns}' order (null: missing, or a column the table lacks). */
    private static List<List<String>> rows(Table table, List<String> columns) {
        var present = new ArrayList<Column<?>>();
        for (String name : columns) {
            present.add(table.containsColumn(name) ? table.column(name) : null);
        }
        var rows = new ArrayList<List<String>>(table.rowCount());
        for (int i = 0; i < table.rowCount(); i++) {
            var row = new ArrayList<String>(columns.size());
            for (Column<?> column : present) {
                row.add(column == null ? null : cell(column, i));
            }
            rows.add(Collections.unmodifiableList(row));
        }
        return rows;
    }

    /** A cell as the reader will read it back with the same type: whole-number columns without a point, decimals with one. */
    private static String cell(Column<?> column, int row) {
        if (column.isMissing(row)) {
            return null;
        }
        if (column instanceof tech.tablesaw.api.DoubleColumn || column instanceof tech.tablesaw.api.FloatColumn) {
            String text = BigDecimal.valueOf(((NumericColumn<?>) column).getDouble(row)).toPlainString();
            return text.contains(".") ? text : text + ".0";
        }
        return String.valueOf(column.get(row));
    }

    private static Path write(Path file, List<String> columns, List<List<String>> rows) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(line(columns));
            for (List<String> row : rows) {
                out.write(line(row));
            }
        }
        return file;
    }

    private static String line(List<String> cells) {
        var text = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            String cell = cells.get(i);
            if (cell == null) {
                continue;
            }
            boolean quote = cell.isEmpty() || cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0
                    || !cell.strip().equals(cell);
            text.append(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
        }
        return text.append('\n').toString();
    }
}
