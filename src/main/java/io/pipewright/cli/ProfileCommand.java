package io.pipewright.cli;

import io.pipewright.data.ColumnType;
import io.pipewright.data.DatasetReader;
import io.pipewright.profile.DatasetProfile;
import io.pipewright.profile.HtmlReport;
import io.pipewright.profile.ProfileJson;
import io.pipewright.profile.Profiler;
import io.pipewright.work.Progress;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Starts neither logging nor Tablesaw ({@link StartNeeds.Nothing}): it logs only from the thread that opens the store,
 * beside the profile, and reads records, not tables (a reader that makes a table initialises Tablesaw itself).
 */
@Command(name = "profile", description = {"Profile a dataset: types, missing values, distributions, correlations and quality alerts.",
    "Without --json or --html, prints a summary."})
final class ProfileCommand implements Callable<Integer>, StartNeeds.Nothing {

    @ParentCommand
    private PipewrightCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SOURCE", description = {"CSV, TSV, JSON, JSON Lines, Parquet or ARFF (text formats may be .gz),",
        "or a database: jdbc:postgresql://HOST[:PORT]/DATABASE or jdbc:h2:… with --table or --query."})
    private String file;

    @Mixin
    private SourceOptions database = new SourceOptions();

    @Option(names = "--json", paramLabel = "OUT", description = "Write the profile as JSON to OUT ('-' for stdout).")
    private String json;

    @Option(names = "--html", paramLabel = "OUT", description = "Write a self-contained HTML report to OUT.")
    private Path html;

    @Option(names = "--target", paramLabel = "COL", description = "Report each column's association with this column.")
    private String target;

    @Option(names = "--sample", paramLabel = "N", description = "Rows sampled for correlations and associations (default: ${DEFAULT-VALUE}).",
            defaultValue = "50000")
    private int sample;

    @Option(names = "--na", paramLabel = "TOKEN", split = ",", description = "Values that mean missing, besides empty fields (e.g. NA,NULL).")
    private List<String> naTokens = List.of();

    @Option(names = "--type", paramLabel = "COL=TYPE", description = "Set a column's type: numeric, boolean, datetime, categorical, text or identifier.")
    private Map<String, String> types = new LinkedHashMap<>();

    @Option(names = "--delimiter", paramLabel = "C", description = "Field separator of CSV/TSV (default: sniffed). 'tab' for a tab.")
    private String delimiter;

    @Option(names = "--encoding", paramLabel = "NAME", description = "Text encoding (default: UTF-8, or windows-1252 when the file is not UTF-8).")
    private String encoding;

    @Option(names = "--no-header", description = "The first CSV/TSV line is data, not column names.")
    private boolean noHeader;

    @Option(names = "--threads", paramLabel = "N", description = "Parsing threads (default: the number of cores).")
    private Integer threads;

    @Override
    public Integer call() {
        var reader = database.reader(file, root).naTokens(naTokens).header(!noHeader);
        if (delimiter != null) {
            String d = delimiter.equalsIgnoreCase("tab") ? "\t" : delimiter;
            if (d.length() != 1) {
                throw new ParameterException(spec.commandLine(), "--delimiter must be one character, not '" + delimiter + "'");
            }
            reader.delimiter(d.charAt(0));
        }
        if (encoding != null) {
            try {
                reader.encoding(Charset.forName(encoding));
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw new ParameterException(spec.commandLine(), "--encoding: unknown encoding '" + encoding + "'");
            }
        }
        var columnTypes = new LinkedHashMap<String, ColumnType>();
        types.forEach((column, type) -> {
            try {
                columnTypes.put(column, ColumnType.parse(type));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--type " + column + "=" + type + ": " + e.getMessage());
            }
        });
        var options = Profiler.Options.defaults().withTarget(target).withSampleRows(sample).withTypes(columnTypes);
        if (threads != null) {
            options = options.withThreads(threads);
        }
        PrintWriter err = spec.commandLine().getErr();
        var bar = new ProgressLine(err, reader.name());
        var recorder = DatasetVersionRecorder.start(root::openStore);
        DatasetProfile profile;
        try {
            profile = new Profiler().profile(reader, options, new Profiler.Listener() {
                @Override
                public void progress(long rows, long bytesRead, long totalBytes, double secondsLeft) {
                    bar.progress(rows, bytesRead, totalBytes, secondsLeft);
                }

                @Override
                public boolean wantsPartials() {
                    return false; // the command shows the finished profile only
                }
            }, Progress.NONE);
        } catch (RuntimeException e) {
            recorder.abandon();
            throw e;
        } finally {
            bar.done();
        }
        PrintWriter out = spec.commandLine().getOut();
        String profileJson = ProfileJson.write(profile);
        // the store records the version while the reports are written
        recorder.recordWhile(profile, profileJson, () -> {
            ReportFiles.write(out, json, html, () -> profileJson, file -> io.pipewright.work.OutputTarget.writeText(file, profileJson),
                    file -> HtmlReport.write(profile, file));
            if (json == null && html == null) {
                summary(profile, out);
            }
        }, err);
        return Cli.OK;
    }

    private static void summary(DatasetProfile profile, PrintWriter out) {
        out.printf(Locale.US, "%s: %,d rows × %d columns, %,d missing cells, %,d duplicate rows%n",
                profile.source().name(), profile.rows(), profile.columns().size(), profile.missingCells(),
                profile.duplicateRows());
        for (var column : profile.columns()) {
            out.printf(Locale.US, "  %-24s %-12s %,10d missing %,10d distinct%n", column.name(), column.type(), column.missing(), column.distinct());
        }
        if (!profile.alerts().isEmpty()) {
            out.println("alerts:");
            profile.alerts().forEach(alert -> out.printf("  %-16s %s%n", alert.type(), alert.message()));
        }
    }
}
