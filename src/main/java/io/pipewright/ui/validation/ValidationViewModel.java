package io.pipewright.ui.validation;

import io.pipewright.data.ColumnType;
import io.pipewright.data.DatasetReader;
import io.pipewright.quality.Suite;
import io.pipewright.quality.SuiteGenerator;
import io.pipewright.quality.Tolerance;
import io.pipewright.quality.ValidationHtml;
import io.pipewright.quality.ValidationOptions;
import io.pipewright.quality.ValidationReport;
import io.pipewright.quality.Validator;
import io.pipewright.track.Store;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.TaskExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * State and commands of the Validation view: the dataset, the suite being edited (generated from a profile in one
 * click, or opened), a form for the selected column and for the table with a problem per field, the validation run in
 * the background, and its report (pass or fail, the expectations failing first, the examples of the selected one).
 * Touches no control.
 */
public final class ValidationViewModel {

    /** Form fields with an inline problem; their keys in {@link #problems()}. */
    public static final List<String> FIELDS = List.of("type", "maxMissing", "min", "max", "allowed", "regex", "length", "mean", "stddev", "rows",
            "threshold", "columns", "rules");

    /** What the banner says: the last validation passed or failed, or the suite was refused. */
    public enum Verdict { PASSED, FAILED, REFUSED }

    /** A rule being edited. */
    public record RuleRow(String name, String expression) {
    }

    private final TaskExecutor executor;
    @SuppressWarnings("unused") // the integrator records the datasets validated as dataset versions in the store
    private final Supplier<Optional<Store>> store;
    private final Notifications notifications;
    /** Told (on the FX thread) once the files a run read are recorded as dataset versions: a view of them reads the store again. */
    private Runnable recorded = () -> { };

    private final ObjectProperty<Path> dataset = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<Path> suiteFile = new ReadOnlyObjectWrapper<>();
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final StringProperty selectedColumn = new SimpleStringProperty();
    private final Map<String, Suite.ColumnExpectations> edited = new LinkedHashMap<>();
    private String suiteName = "suite";
    private String suiteDataset;

    // the selected column's form, as typed
    private final StringProperty type = new SimpleStringProperty("");
    private final BooleanProperty notNull = new SimpleBooleanProperty(false);
    private final StringProperty maxMissing = new SimpleStringProperty("");
    private final BooleanProperty unique = new SimpleBooleanProperty(false);
    private final StringProperty min = new SimpleStringProperty("");
    private final StringProperty max = new SimpleStringProperty("");
    private final StringProperty allowed = new SimpleStringProperty("");
    private final StringProperty regex = new SimpleStringProperty("");
    private final StringProperty lengthMin = new SimpleStringProperty("");
    private final StringProperty lengthMax = new SimpleStringProperty("");
    private final StringProperty meanMin = new SimpleStringProperty("");
    private final StringProperty meanMax = new SimpleStringProperty("");
    private final StringProperty stddevMin = new SimpleStringProperty("");
    private final StringProperty stddevMax = new SimpleStringProperty("");

    // the table's form
    private final StringProperty rowsMin = new SimpleStringProperty("");
    private final StringProperty rowsMax = new SimpleStringProperty("");
    private final StringProperty threshold = new SimpleStringProperty("0.001");
    /** none, exact or superset. */
    private final StringProperty columnsMode = new SimpleStringProperty("none");
    private final StringProperty columnsList = new SimpleStringProperty("");
    private final ObservableList<RuleRow> rules = FXCollections.observableArrayList();

    private final ObservableMap<String, String> problems = FXCollections.observableHashMap();
    private final ReadOnlyBooleanWrapper validatable = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Choose a dataset, then generate or open a suite.");
    private final ReadOnlyObjectWrapper<ValidationReport> report = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ValidationReport.Result> results = FXCollections.observableArrayList();
    private final ObjectProperty<ValidationReport.Result> selectedResult = new SimpleObjectProperty<>();
    private final ObservableList<ValidationReport.Example> examples = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Verdict> verdict = new ReadOnlyObjectWrapper<>();
    /** Counts the suite's changes, so that a validation of an older suite is not shown as the verdict of the one edited. */
    private long suiteEdits;
    private final ReadOnlyBooleanWrapper modified = new ReadOnlyBooleanWrapper(false);
    private TaskExecutor.TaskHandle running;
    private boolean loading;

    public ValidationViewModel(TaskExecutor executor, Supplier<Optional<Store>> store, Notifications notifications) {
        this.executor = executor;
        this.store = store;
        this.notifications = notifications;
        for (StringProperty field : List.of(type, maxMissing, min, max, allowed, regex, lengthMin, lengthMax, meanMin, meanMax, stddevMin, stddevMax,
                rowsMin, rowsMax, threshold, columnsMode, columnsList)) {
            field.addListener((o, old, value) -> formChanged());
        }
        notNull.addListener((o, old, value) -> formChanged());
        unique.addListener((o, old, value) -> formChanged());
        rules.addListener((javafx.collections.ListChangeListener<RuleRow>) change -> formChanged());
        selectedColumn.addListener((o, old, value) -> loadColumn(value));
        selectedResult.addListener((o, old, value) -> examples.setAll(value == null ? List.of() : value.examples()));
        dataset.addListener((o, old, value) -> {
            clearVerdict(); // the verdict was about another file
            recheck();
            if (value != null && !busy.get()) {
                // say what comes next for this file, not the prompt to choose one
                message.set(value.getFileName() + (columns.isEmpty() ? ": generate a suite from it, or open one." : ": validate it against the suite."));
            }
        });
    }

    // ------------------------------------------------------------------ properties

    // the selected column's form and the table's form, which the view binds both ways: text as typed
    public StringProperty typeProperty() { return type; }
    public BooleanProperty notNullProperty() { return notNull; }
    public StringProperty maxMissingProperty() { return maxMissing; }
    public BooleanProperty uniqueProperty() { return unique; }
    public StringProperty minProperty() { return min; }
    public StringProperty maxProperty() { return max; }
    public StringProperty allowedProperty() { return allowed; }
    public StringProperty regexProperty() { return regex; }
    public StringProperty lengthMinProperty() { return lengthMin; }
    public StringProperty lengthMaxProperty() { return lengthMax; }
    public StringProperty meanMinProperty() { return meanMin; }
    public StringProperty meanMaxProperty() { return meanMax; }
    public StringProperty stddevMinProperty() { return stddevMin; }
    public StringProperty stddevMaxProperty() { return stddevMax; }
    public StringProperty rowsMinProperty() { return rowsMin; }
    public StringProperty rowsMaxProperty() { return rowsMax; }
    public StringProperty thresholdProperty() { return threshold; }
    public StringProperty columnsModeProperty() { return columnsMode; }
    public StringProperty columnsListProperty() { return columnsList; }

    public ObjectProperty<Path> datasetProperty() {
        return dataset;
    }

    public ReadOnlyObjectProperty<Path> suiteFileProperty() {
        return suiteFile.getReadOnlyProperty();
    }

    /** The suite's columns, in order. */
    public ObservableList<String> columns() {
        return columns;
    }

    public StringProperty selectedColumnProperty() {
        return selectedColumn;
    }

    public ObservableList<RuleRow> rules() {
        return rules;
    }

    /** A problem per form field (see {@link #FIELDS}); empty when the suite can be used. */
    public ObservableMap<String, String> problems() {
        return problems;
    }

    /** True when a dataset is chosen, the suite has no problem and nothing runs. */
    public ReadOnlyBooleanProperty validatableProperty() {
        return validatable.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty modifiedProperty() {
        return modified.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ValidationReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** "PASSED — issue fraction 0.00 % ≤ threshold 0.10 %", or empty before a validation. */
    public ReadOnlyStringProperty bannerProperty() {
        return banner.getReadOnlyProperty();
    }

    /** What {@link #bannerProperty()} says, or null when it says nothing. */
    public ReadOnlyObjectProperty<Verdict> verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    /** The last report's expectations, failing first. */
    public ObservableList<ValidationReport.Result> results() {
        return results;
    }

    public ObjectProperty<ValidationReport.Result> selectedResultProperty() {
        return selectedResult;
    }

    /** The selected expectation's examples (line, value). */
    public ObservableList<ValidationReport.Example> examples() {
        return examples;
    }

    // ------------------------------------------------------------------ commands

    /** Profiles the dataset in the background and fills the editor with the suite it suggests. */
    public void generate(Tolerance tolerance) {
        Path file = dataset.get();
        if (file == null || busy.get()) {
            return;
        }
        start("Generating a suite for " + file.getFileName());
        running = executor.execute(BackgroundTask.of("Generating a suite for " + file.getFileName(),
                progress -> SuiteGenerator.generate(DatasetReader.open(file), tolerance, progress))
                .onSuccess(generated -> {
                    finish("Generated from " + generated.profile().rows() + " rows: review the expectations, then validate.");
                    load(generated.suite());
                    suiteFile.set(null);
                    modified.set(true);
                })
                .onFailure(error -> failed("Cannot generate a suite", error))
                .onCancelled(() -> finish("Generation cancelled.")));
    }

    public void generate() {
        generate(Tolerance.defaults());
    }

    /** Reads a suite file into the editor. */
    public void open(Path file) {
        if (busy.get()) {
            // a suite opened under a generation would be replaced by it, and Cancel would no longer reach the generation
            notifications.warn("Wait for the work under way to end (or cancel it) before opening " + file.getFileName() + ".");
            return;
        }
        start("Opening " + file.getFileName());
        running = executor.execute(BackgroundTask.of("Opening " + file.getFileName(), progress -> Suite.read(file))
                .onSuccess(suite -> {
                    load(suite);
                    suiteFile.set(file);
                    modified.set(false);
                    finish("Opened " + file.getFileName() + ".");
                })
                .onFailure(error -> failed("Cannot open the suite", error)));
    }

    /** Writes the suite as edited; refused while the form has problems. */
    public void save(Path file) {
        Optional<Suite> suite = suite();
        if (suite.isEmpty()) {
            notifications.warn("The suite has problems: fix the fields marked in red before saving.");
            return;
        }
        executor.execute(BackgroundTask.of("Saving " + file.getFileName(), progress -> {
            suite.get().write(file);
            return file;
        }).quiet().onSuccess(written -> {
            suiteFile.set(written);
            modified.set(false);
            message.set("Saved " + written.getFileName() + ".");
        }).onFailure(error -> failed("Cannot save the suite", error)));
    }

    /** Validates the dataset against the suite as edited, in the background. */
    public void validate() {
        Path file = dataset.get();
        Optional<Suite> suite = suite();
        if (file == null || suite.isEmpty() || busy.get()) {
            return;
        }
        if (suite.get().expectsNothing()) {
            // a suite that checks nothing would pass any data: that is no verdict
            clearVerdict();
            banner.set("Not validated: " + Suite.EXPECTS_NOTHING + ".");
            verdict.set(Verdict.REFUSED);
            message.set("Nothing to validate: the suite has no expectations.");
            return;
        }
        long edits = suiteEdits;
        start("Validating " + file.getFileName());
        running = executor.execute(BackgroundTask.of("Validating " + file.getFileName(),
                progress -> Validator.validate(DatasetReader.open(file), suite.get(), ValidationOptions.defaults(), progress))
                .onSuccess(done -> {
                    // the file becomes a dataset version (read by validation), off the FX thread
                    store.get().ifPresent(opened -> executor.execute(BackgroundTask.of("Recording " + file.getFileName(), work -> {
                        new io.pipewright.track.DatasetVersions(opened).recordValidated(done, java.time.Instant.now());
                        return done;
                    }).quiet().onSuccess(written -> recorded.run())));
                    if (edits != suiteEdits) {
                        finish("The suite or the dataset changed while validating: validate again.");
                        return;
                    }
                    show(done);
                    finish(String.format(Locale.US, "Validated %,d rows in %.2f s.", done.dataset().rows(), done.seconds()));
                })
                .onFailure(error -> failed("Cannot validate", error))
                .onCancelled(() -> finish("Validation cancelled.")));
    }

    /** Stops the generation or validation under way. */
    public void cancel() {
        if (running != null) {
            running.cancel();
        }
    }

    public void saveReportJson(Path file) {
        ValidationReport shown = report.get();
        if (shown != null) {
            executor.execute(BackgroundTask.of("Saving " + file.getFileName(), progress -> {
                shown.writeJson(file);
                return file;
            }).quiet().onSuccess(written -> message.set("Saved " + written.getFileName() + ".")).onFailure(error -> failed("Cannot save", error)));
        }
    }

    public void saveReportHtml(Path file) {
        ValidationReport shown = report.get();
        if (shown != null) {
            executor.execute(BackgroundTask.of("Saving " + file.getFileName(), progress -> {
                ValidationHtml.write(shown, file);
                return file;
            }).quiet().onSuccess(written -> message.set("Saved " + written.getFileName() + ".")).onFailure(error -> failed("Cannot save", error)));
        }
    }

    /** Adds a column to the suite (with no expectations yet) and selects it. */
    public void addColumn(String name) {
        if (name == null || name.isBlank() || edited.containsKey(name.strip())) {
            return;
        }
        edited.put(name.strip(), Suite.ColumnExpectations.none());
        clearVerdict();
        columns.add(name.strip());
        selectedColumn.set(name.strip());
        modified.set(true);
    }

    public void removeColumn(String name) {
        if (edited.remove(name) != null) {
            clearVerdict();
            columns.remove(name);
            if (name.equals(selectedColumn.get())) {
                selectedColumn.set(columns.isEmpty() ? null : columns.get(0));
            }
            modified.set(true);
            recheck();
        }
    }

    public void addRule(String name, String expression) {
        rules.add(new RuleRow(name, expression));
    }

    public void setRule(int index, String name, String expression) {
        rules.set(index, new RuleRow(name, expression));
    }

    public void removeRule(int index) {
        rules.remove(index);
    }

    /** The suite as edited, or empty while a field has a problem. */
    public Optional<Suite> suite() {
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        try {
            Suite built = build();
            return built.problems().isEmpty() ? Optional.of(built) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ the form

    private void start(String text) {
        busy.set(true);
        message.set(text + "…");
        recheck();
    }

    private void finish(String text) {
        running = null;
        busy.set(false);
        message.set(text);
        recheck();
    }

    private void failed(String what, Throwable error) {
        finish(what + ": " + describe(error));
        notifications.error(what + ": " + describe(error));
    }

    private void show(ValidationReport done) {
        verdict.set(done.passed() ? Verdict.PASSED : Verdict.FAILED);
        report.set(done);
        results.setAll(done.failingFirst());
        selectedResult.set(results.isEmpty() ? null : results.get(0));
        banner.set(String.format(Locale.US, "%s — issue fraction %s %s threshold %s; %d of %d expectations failed", done.passed() ? "PASSED" : "FAILED",
                percent(done.issueFraction()), done.issueFraction() <= done.threshold() ? "≤" : ">", percent(done.threshold()), done.failures().size(),
                done.results().size()));
    }

    /** The suite (or the dataset) changed: the last verdict no longer says anything about it. */
    private void clearVerdict() {
        suiteEdits++;
        verdict.set(null);
        report.set(null);
        results.clear();
        selectedResult.set(null);
        banner.set("");
    }

    private static String percent(double fraction) {
        double percent = fraction * 100;
        return String.format(Locale.US, percent != 0 && percent < 0.01 ? "%.4f %%" : "%.2f %%", percent);
    }

    /** Puts a suite into the editor. */
    private void load(Suite suite) {
        loading = true;
        try {
            suiteName = suite.suite() == null ? "suite" : suite.suite();
            suiteDataset = suite.dataset();
            edited.clear();
            edited.putAll(suite.columns());
            columns.setAll(suite.columns().keySet());
            threshold.set(suite.threshold() == null ? "" : plain(suite.threshold()));
            var table = suite.table();
            rowsMin.set(table == null || table.rows() == null || table.rows().min() == null ? "" : plain(table.rows().min()));
            rowsMax.set(table == null || table.rows() == null || table.rows().max() == null ? "" : plain(table.rows().max()));
            if (table != null && table.columns() != null && table.columns().exact() != null) {
                columnsMode.set("exact");
                columnsList.set(String.join(", ", table.columns().exact()));
            } else if (table != null && table.columns() != null && table.columns().superset() != null) {
                columnsMode.set("superset");
                columnsList.set(String.join(", ", table.columns().superset()));
            } else {
                columnsMode.set("none");
                columnsList.set("");
            }
            rules.setAll(suite.rules().stream().map(rule -> new RuleRow(rule.name(), rule.expression())).toList());
        } finally {
            loading = false;
        }
        clearVerdict();
        selectedColumn.set(null);
        selectedColumn.set(columns.isEmpty() ? null : columns.get(0));
        recheck();
    }

    private void loadColumn(String name) {
        Suite.ColumnExpectations column = name == null ? null : edited.get(name);
        if (column == null) {
            column = Suite.ColumnExpectations.none();
        }
        loading = true;
        try {
            type.set(column.type() == null ? "" : column.type());
            notNull.set(Boolean.TRUE.equals(column.notNull()));
            maxMissing.set(column.maxMissing() == null ? "" : plain(column.maxMissing()));
            unique.set(Boolean.TRUE.equals(column.unique()));
            min.set(column.min() == null ? "" : bound(column.min()));
            max.set(column.max() == null ? "" : bound(column.max()));
            allowed.set(column.allowed() == null ? "" : String.join(", ", column.allowed()));
            regex.set(column.regex() == null ? "" : column.regex());
            lengthMin.set(end(column.length(), true));
            lengthMax.set(end(column.length(), false));
            meanMin.set(end(column.mean(), true));
            meanMax.set(end(column.mean(), false));
            stddevMin.set(end(column.stddev(), true));
            stddevMax.set(end(column.stddev(), false));
        } finally {
            loading = false;
        }
        recheck();
    }

    private static String end(Suite.Range range, boolean min) {
        Number value = range == null ? null : min ? range.min() : range.max();
        return value == null ? "" : plain(value);
    }

    private static String bound(Object value) {
        return value instanceof Number number ? plain(number) : String.valueOf(value);
    }

    private static String plain(Number value) {
        double number = value.doubleValue();
        return number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString((long) number) : Double.toString(number);
    }

    private void formChanged() {
        if (loading) {
            return;
        }
        modified.set(true);
        clearVerdict();
        String name = selectedColumn.get();
        var fieldProblems = new LinkedHashMap<String, String>();
        if (name != null && edited.containsKey(name)) {
            edited.put(name, column(fieldProblems));
        }
        recheck(fieldProblems);
    }

    private void recheck() {
        var fieldProblems = new LinkedHashMap<String, String>();
        if (selectedColumn.get() != null && edited.containsKey(selectedColumn.get())) {
            column(fieldProblems); // the form's own parse problems
        }
        recheck(fieldProblems);
    }

    /** Checks the whole suite; problems of the selected column and of the table are shown by their field. */
    private void recheck(Map<String, String> fieldProblems) {
        var all = new LinkedHashMap<>(fieldProblems);
        Suite built = null;
        try {
            built = build(all);
        } catch (IllegalArgumentException e) {
            all.putIfAbsent("threshold", e.getMessage());
        }
        if (built != null) {
            String prefix = selectedColumn.get() == null ? null : "columns." + selectedColumn.get() + ".";
            for (Suite.Problem problem : built.problems()) {
                String field = problem.field();
                if (prefix != null && field.startsWith(prefix)) {
                    all.putIfAbsent(key(field.substring(prefix.length())), problem.message());
                } else if (field.startsWith("table.rules")) {
                    all.putIfAbsent("rules", "rule " + (ruleIndex(field) + 1) + ": " + problem.message());
                } else if (field.startsWith("table.rows")) {
                    all.putIfAbsent("rows", problem.message());
                } else if (field.startsWith("table.columns")) {
                    all.putIfAbsent("columns", problem.message());
                } else if (field.equals("threshold")) {
                    all.putIfAbsent("threshold", problem.message());
                } else if (field.startsWith("columns.")) {
                    // another column's problem: shown as the message, the column's form shows it when selected
                    all.putIfAbsent("columns", field + ": " + problem.message());
                }
            }
        }
        problems.keySet().retainAll(all.keySet());
        problems.putAll(all);
        validatable.set(problems.isEmpty() && dataset.get() != null && !busy.get());
    }

    private static String key(String field) {
        return switch (field) {
            case "notNull" -> "maxMissing";
            default -> field;
        };
    }

    private static int ruleIndex(String field) {
        var matcher = Pattern.compile("\\[(\\d+)]").matcher(field);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /** The selected column's expectations from the form; parse problems go to {@code problems} by field. */
    private Suite.ColumnExpectations column(Map<String, String> problems) {
        String typeText = type.get() == null ? "" : type.get().strip();
        ColumnType columnType = null;
        if (!typeText.isEmpty()) {
            try {
                columnType = ColumnType.parse(typeText);
            } catch (IllegalArgumentException e) {
                problems.put("type", e.getMessage());
            }
        }
        Double missing = number(maxMissing.get(), "maxMissing", problems);
        Object low = boundValue(min.get());
        Object high = boundValue(max.get());
        List<String> allowedValues = allowed.get() == null || allowed.get().isBlank() ? null
                : Arrays.stream(allowed.get().split(",")).map(String::strip).filter(value -> !value.isEmpty()).toList();
        String pattern = regex.get() == null || regex.get().isEmpty() ? null : regex.get();
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                problems.put("regex", Suite.regexError(e));
            }
        }
        Suite.Range length = range(lengthMin.get(), lengthMax.get(), "length", problems);
        Suite.Range mean = range(meanMin.get(), meanMax.get(), "mean", problems);
        Suite.Range stddev = range(stddevMin.get(), stddevMax.get(), "stddev", problems);
        return new Suite.ColumnExpectations(columnType == null ? (typeText.isEmpty() ? null : typeText) : columnType.id(), notNull.get() ? true : null,
                missing, unique.get() ? true : null, low, high, mean, stddev, allowedValues, pattern, length);
    }

    private static Object boundValue(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        try {
            return tidy(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return value; // a date; the suite's check says when it is neither
        }
    }

    private static Number tidy(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Number) (long) value : (Number) value;
    }

    private static Double number(String text, String field, Map<String, String> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            problems.put(field, "'" + text.strip() + "' is not a number");
            return null;
        }
    }

    private static Suite.Range range(String low, String high, String field, Map<String, String> problems) {
        Double from = number(low, field, problems);
        Double to = number(high, field, problems);
        return from == null && to == null ? null : new Suite.Range(from == null ? null : tidy(from), to == null ? null : tidy(to));
    }

    private Suite build() {
        return build(new LinkedHashMap<>());
    }

    private Suite build(Map<String, String> problems) {
        Double limit = number(threshold.get(), "threshold", problems);
        Suite.Range rows = range(rowsMin.get(), rowsMax.get(), "rows", problems);
        List<String> listed = columnsList.get() == null || columnsList.get().isBlank() ? List.of()
                : Arrays.stream(columnsList.get().split(",")).map(String::strip).filter(value -> !value.isEmpty()).toList();
        Suite.ColumnSet set = switch (columnsMode.get() == null ? "none" : columnsMode.get()) {
            case "exact" -> new Suite.ColumnSet(listed, null);
            case "superset" -> new Suite.ColumnSet(null, listed);
            default -> null;
        };
        var ruleList = new ArrayList<Suite.Rule>();
        for (RuleRow row : rules) {
            ruleList.add(new Suite.Rule(row.name() == null || row.name().isBlank() ? null : row.name().strip(), row.expression()));
        }
        var table = rows == null && set == null && ruleList.isEmpty() ? null : new Suite.TableExpectations(rows, set, ruleList.isEmpty() ? null : ruleList);
        return new Suite(suiteName, suiteDataset, limit, table, edited);
    }

    /** The message of a suite that cannot be read, for a person. */
    static String describe(Throwable error) {
        return error instanceof IllegalArgumentException || error instanceof java.io.UncheckedIOException ? error.getMessage() : error.getClass().getSimpleName() + ": " + error.getMessage();
    }

    /** What to do once the files of a finished run are recorded as dataset versions (the Datasets tab reads them again). */
    public void onRecorded(Runnable then) {
        this.recorded = then;
    }
}
