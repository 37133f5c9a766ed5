package io.pipewright.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.data.DatabaseCredentials;
import io.pipewright.data.DatasetReader;
import io.pipewright.features.FeatureView;
import io.pipewright.features.PointInTimeJoin;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "features", description = "Feature views: point-in-time correct training sets, the online store, and serving features by entity key.",
        subcommands = {FeaturesCommand.Join.class})
final class FeaturesCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    PipewrightCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Cli.OK;
    }

    DatabaseCredentials credentials() {
        return new DatabaseCredentials(root.environment(), root.home().secretsFile());
    }

    static List<FeatureView> views(List<Path> files) {
        var views = new ArrayList<FeatureView>();
        for (Path file : files) {
            views.add(FeatureView.read(file));
        }
        return views;
    }

    @Command(name = "join", description = {"Join feature views onto an entity table point-in-time correctly: each row gets each view's latest values "
            + "at or before its time (the entity table's column named as the view's timestamp), within the view's ttl, never a value from later.",
            "The output keeps every entity row in order, then each view's features (empty where none applies)."})
    static final class Join implements Callable<Integer> {
        @ParentCommand
        FeaturesCommand parent;

        @Parameters(paramLabel = "ENTITIES", description = "The entity table: its key columns and a timestamp column per view (a file, or LAYER/NAME[@VERSION]).")
        String entities;

        @Option(names = "--view", required = true, paramLabel = "VIEW.yaml", description = "A feature view file (repeat for several views).")
        List<Path> views;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The training set to write (CSV).")
        Path out;

        @Option(names = "--json", description = "Write the summary as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            var root = parent.root;
            Path data = root.home().data();
            List<FeatureView> read = views(views);
            DatasetReader reader = DatasetReader.fileOrLayer(entities, data);
            PrintWriter err = parent.spec.commandLine().getErr();
            var line = new ProgressLine(err, "joining");
            Path scratch = out.toAbsolutePath().getParent();
            var result = PointInTimeJoin.join(reader, read, data, parent.credentials(), out, scratch,
                    (done, message) -> line.update(Math.round(done * 1000), 1000, message));
            line.done();
            PrintWriter printed = parent.spec.commandLine().getOut();
            if (json) {
                var summary = new LinkedHashMap<String, Object>();
                summary.put("out", out.toString());
                summary.put("rows", result.rows());
                summary.put("columns", result.columns());
                var list = new ArrayList<Map<String, Object>>();
                for (var view : result.views()) {
                    var entry = new LinkedHashMap<String, Object>();
                    entry.put("view", view.view());
                    entry.put("features", view.features());
                    entry.put("kinds", view.kinds());
                    entry.put("featureRows", view.featureRows());
                    entry.put("matched", view.matched());
                    entry.put("expired", view.expired());
                    entry.put("missing", view.missing());
                    list.add(entry);
                }
                summary.put("views", list);
                printed.println(JSON.writeValueAsString(summary));
            } else {
                printed.println(String.format(Locale.ROOT, "%s: %,d rows × %d columns", out, result.rows(), result.columns().size()));
                for (var view : result.views()) {
                    printed.println(String.format(Locale.ROOT, "  %s (%s): values for %,d rows, %,d past the ttl, %,d with none at or before their time "
                                    + "(%,d feature rows read)", view.view(), String.join(", ", view.features()), view.matched(), view.expired(), view.missing(),
                            view.featureRows()));
                }
            }
            printed.flush();
            return Cli.OK;
        }
    }
}
