package io.pipewright.quality;

import io.pipewright.data.ColumnType;
import io.pipewright.data.DateFormats;
import io.pipewright.data.DatasetReader;
import io.pipewright.profile.ColumnProfile;
import io.pipewright.profile.DatasetProfile;
import io.pipewright.profile.Profiler;
import io.pipewright.work.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Makes a suite from a profile: each column's type; not-null where nothing was missing, else a missing share with
 * room; uniqueness for identifier columns whose values were all distinct (counted exactly); min and max widened by a
 * share of the range; the allowed values of a categorical column with few values; length (and, for identifiers of
 * one shape, a pattern) for text; bounds on the mean and standard deviation; the row count within a share; the exact
 * column set. How much room is given is the {@link Tolerance}.
 */
public final class SuiteGenerator {

    private SuiteGenerator() {
    }

    /** The suite a profile suggests. Expectations read from a sample (an identifier's pattern) may not hold on every row. */
    public static Suite from(DatasetProfile profile, Tolerance tolerance) {
        var columns = new LinkedHashMap<String, Suite.ColumnExpectations>();
        for (ColumnProfile column : profile.columns()) {
            columns.put(column.name(), column(column, tolerance));
        }
        long rows = profile.rows();
        var rowRange = new Suite.Range((long) Math.floor(rows * (1 - Math.min(1, tolerance.rows()))), (long) Math.ceil(rows * (1 + tolerance.rows())));
        var table = new Suite.TableExpectations(rowRange, new Suite.ColumnSet(profile.columns().stream().map(ColumnProfile::name).toList(), null), null);
        String file = profile.source() == null || profile.source().path() == null ? null : profile.source().name();
        return new Suite(name(file), file, Suite.DEFAULT_THRESHOLD, table, columns);
    }

    /**
     * Profiles the file, makes its suite, then checks it on the same file and drops the row-level expectations it breaks
     * (those read from a sample): a generated suite always passes on the data it was made from.
     */
    public static Generated generate(DatasetReader reader, Tolerance tolerance, Progress progress) {
        DatasetProfile profile = new Profiler().profile(reader, Profiler.Options.defaults(), new Profiler.Listener() {
            @Override
            public void progress(long rows, long bytesRead, long totalBytes, double secondsLeft) {
                progress.update(bytesRead, totalBytes * 2, String.format(java.util.Locale.US, "profiling: %,d rows", rows));
            }
        }, progress);
        Suite suite = from(profile, tolerance);
        ValidationReport report = Validator.validate(reader, suite, ValidationOptions.defaults(), new Progress() {
            @Override
            public void update(long done, long total, String message) {
                progress.update(total + done, 2 * total, "checking the suite: " + message);
            }

            @Override
            public boolean isCancelled() {
                return progress.isCancelled();
            }
        });
        return new Generated(withoutFailures(suite, report), profile);
    }

    /** A generated suite and the profile it was made from. */
    public record Generated(Suite suite, DatasetProfile profile) {
    }

    /**
     * The suite without the expectations that failed in the report (column-level ones only), and with a threshold that
     * allows the rows still failing (the sum of their failing values, which bounds the rows).
     */
    static Suite withoutFailures(Suite suite, ValidationReport report) {
        var columns = new LinkedHashMap<String, Suite.ColumnExpectations>(suite.columns());
        for (ValidationReport.Result result : report.failures()) {
            if (result.column() == null || !columns.containsKey(result.column())) {
                continue;
            }
            Suite.ColumnExpectations c = columns.get(result.column());
            columns.put(result.column(), switch (result.expectation()) {
                case "regex" -> new Suite.ColumnExpectations(c.type(), c.notNull(), c.maxMissing(), c.unique(), c.min(), c.max(), c.mean(), c.stddev(),
                        c.allowed(), null, c.length());
                case "unique" -> new Suite.ColumnExpectations(c.type(), c.notNull(), c.maxMissing(), null, c.min(), c.max(), c.mean(), c.stddev(),
                        c.allowed(), c.regex(), c.length());
                case "allowed" -> new Suite.ColumnExpectations(c.type(), c.notNull(), c.maxMissing(), c.unique(), c.min(), c.max(), c.mean(), c.stddev(),
                        null, c.regex(), c.length());
                default -> c;
            });
        }
        // what is left failing is the data's own (values that do not read as the column's type, say): the threshold allows it
        long kept = report.failures().stream().filter(result -> result.scope() == ValidationReport.Scope.ROW)
                .filter(result -> !List.of("regex", "unique", "allowed").contains(result.expectation())).mapToLong(ValidationReport.Result::failing).sum();
        long rows = report.dataset().rows();
        double threshold = suite.threshold() == null ? Suite.DEFAULT_THRESHOLD : suite.threshold();
        if (rows > 0 && (double) kept / rows > threshold) {
            threshold = Math.ceil((double) kept / rows * 10_000) / 10_000;
        }
        return new Suite(suite.suite(), suite.dataset(), threshold, suite.table(), columns);
    }

    private static String name(String file) {
        if (file == null) {
            return "suite";
        }
        String name = file.replaceAll("(?i)\\.gz$", "");
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static Suite.ColumnExpectations column(ColumnProfile column, Tolerance tolerance) {
        ColumnType type = ColumnType.parse(column.type());
        Boolean notNull = null;
        Double maxMissing = null;
        if (column.missing() == 0) {
            notNull = true;
        } else {
            double share = column.missingFraction() * (1 + tolerance.missing());
            maxMissing = Math.min(1, Numbers.round(share, 2, true).doubleValue());
        }
        Boolean unique = type == ColumnType.IDENTIFIER && column.distinctExact() && column.distinct() == column.count() && column.count() > 1
                ? Boolean.TRUE : null;
        Object min = null;
        Object max = null;
        Suite.Range mean = null;
        Suite.Range stddev = null;
        List<String> allowed = null;
        String regex = null;
        Suite.Range length = null;

        if (type == ColumnType.NUMERIC && column.min() instanceof Number low && column.max() instanceof Number high) {
            double lo = low.doubleValue();
            double hi = high.doubleValue();
            double margin = (hi - lo) * tolerance.range();
            double from = lo - margin;
            double to = hi + margin;
            if (lo >= 0 && from < 0) {
                from = 0; // a count or an amount that was never negative stays so
            }
            boolean whole = Boolean.TRUE.equals(column.integer());
            min = whole ? (Object) (long) Math.floor(from) : Numbers.round(from, 4, false);
            max = whole ? (Object) (long) Math.ceil(to) : Numbers.round(to, 4, true);
            if (column.mean() != null && column.stddev() != null && column.count() >= 2) {
                double n = column.count();
                double s = column.stddev();
                double meanRoom = tolerance.meanSigmas() * s / Math.sqrt(n);
                mean = new Suite.Range(Numbers.round(column.mean() - meanRoom, 4, false), Numbers.round(column.mean() + meanRoom, 4, true));
                double stddevRoom = Math.max(tolerance.stddev() * s, tolerance.meanSigmas() * s / Math.sqrt(2 * (n - 1)));
                stddev = new Suite.Range(Numbers.round(Math.max(0, s - stddevRoom), 4, false), Numbers.round(s + stddevRoom, 4, true));
            }
        }
        if (type == ColumnType.DATETIME && column.min() instanceof String low && column.max() instanceof String high) {
            long lo = DateFormats.ANY.epochMillis(low);
            long hi = DateFormats.ANY.epochMillis(high);
            if (lo != DateFormats.NOT_A_DATE && hi != DateFormats.NOT_A_DATE) {
                long margin = (long) ((hi - lo) * tolerance.range());
                boolean days = lo % 86_400_000L == 0 && hi % 86_400_000L == 0;
                long from = lo - margin;
                long to = hi + margin;
                if (days) {
                    from = Math.floorDiv(from, 86_400_000L) * 86_400_000L;
                    to = Math.floorDiv(to + 86_400_000L - 1, 86_400_000L) * 86_400_000L;
                }
                min = ChunkResult.Values.date(from);
                max = ChunkResult.Values.date(to);
            }
        }
        boolean allSeen = column.distinctExact() && column.top() != null && column.top().size() == column.distinct();
        if (type == ColumnType.CATEGORICAL && allSeen && column.distinct() > 0 && column.distinct() <= tolerance.categories()) {
            allowed = column.top().stream().map(ColumnProfile.TopValue::value).sorted().toList();
        }
        boolean text = type == ColumnType.TEXT || type == ColumnType.IDENTIFIER || type == ColumnType.CATEGORICAL && allowed == null;
        if (text && column.length() != null) {
            int lo = column.length().min();
            int hi = column.length().max();
            int margin = (int) Math.ceil((hi - lo) * tolerance.range());
            length = new Suite.Range((long) Math.max(lo == 0 ? 0 : 1, lo - margin), (long) (hi + margin));
            if (type == ColumnType.IDENTIFIER && lo == hi) {
                regex = shape(column.top());
            }
        }
        return new Suite.ColumnExpectations(type.id(), notNull, maxMissing, unique, min, max, mean, stddev, allowed, regex, length);
    }

    /**
     * The one shape every sampled value has (A00042 → ^[A-Z]\d{5}$), or null: letters and digits generalised to their
     * class, other characters kept.
     */
    static String shape(List<ColumnProfile.TopValue> values) {
        if (values == null || values.size() < 2) {
            return null;
        }
        String shape = null;
        for (ColumnProfile.TopValue value : values) {
            String one = shapeOf(value.value());
            if (one == null || shape != null && !shape.equals(one)) {
                return null;
            }
            shape = one;
        }
        return shape;
    }

    private static String shapeOf(String value) {
        var classes = new ArrayList<String>();
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            String cls;
            if (ch >= '0' && ch <= '9') {
                cls = "\\d";
            } else if (ch >= 'A' && ch <= 'Z') {
                cls = "[A-Z]";
            } else if (ch >= 'a' && ch <= 'z') {
                cls = "[a-z]";
            } else if (ch == '-' || ch == '_' || ch == ':' || ch == '/') {
                cls = String.valueOf(ch);
            } else if (ch == '.') {
                cls = "\\.";
            } else {
                return null;
            }
            classes.add(cls);
        }
        var regex = new StringBuilder("^");
        for (int i = 0; i < classes.size(); ) {
            int j = i;
            while (j < classes.size() && classes.get(j).equals(classes.get(i))) {
                j++;
            }
            regex.append(classes.get(i));
            if (j - i > 1) {
                regex.append('{').append(j - i).append('}');
            }
            i = j;
        }
        return regex.append('$').toString();
    }

    /** A header for a generated suite file: what it was made from and how. */
    public static String header(DatasetProfile profile, Tolerance tolerance, String version) {
        var source = profile.source();
        return String.format(java.util.Locale.US, """
                Validation suite generated by pipewright %s
                from %s (%,d rows, %d columns, sha256 %s)
                tolerances: range %s, missing %s, rows %s, mean-sigmas %s, stddev %s, categories %d
                Review it: tighten bounds, drop what does not matter, add rules.""",
                version, source == null ? "?" : Path.of(source.path()).getFileName(), profile.rows(), profile.columns().size(),
                source == null ? "?" : source.sha256(), Numbers.plain(tolerance.range()), Numbers.plain(tolerance.missing()), Numbers.plain(tolerance.rows()),
                Numbers.plain(tolerance.meanSigmas()), Numbers.plain(tolerance.stddev()), tolerance.categories());
    }
}
