package io.pipewright.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.data.DatabaseCredentials;
import io.pipewright.data.DatasetReader;
import io.pipewright.features.FeatureView;
import io.pipewright.features.OnlineStore;
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
        subcommands = {FeaturesCommand.Join.class, FeaturesCommand.Materialize.class, FeaturesCommand.Get.class, FeaturesCommand.Online.class, FeaturesCommand.ExportFeast.class})
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

    static Map<String, Object> facts(OnlineStore.Entry entry) {
        var map = new LinkedHashMap<String, Object>();
        map.put("view", entry.view());
        map.put("entity", entry.entity());
        map.put("eventTime", entry.eventTime().toString());
        map.put("expired", entry.expired());
        map.put("features", entry.features());
        return map;
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

    @Command(name = "materialize", description = {"Write each view's latest values per entity into the online store, for serving.",
            "Incremental: rows after the view's last materialization (or --since) and up to now; an entity's newer stored value is kept. "
                    + "A view whose features changed is written again from all its rows."})
    static final class Materialize implements Callable<Integer> {
        @ParentCommand
        FeaturesCommand parent;

        @Option(names = "--view", required = true, paramLabel = "VIEW.yaml", description = "A feature view file (repeat for several views).")
        List<Path> views;

        @Option(names = "--since", paramLabel = "TIME", description = "Take rows after this time (ISO 8601, e.g. 2026-11-01 or 2026-11-01T12:00:00Z) "
                + "instead of after the last materialization.")
        String since;

        @Option(names = "--until", paramLabel = "TIME", description = "Take rows up to this time (default: now); the next run starts after it.")
        String until;

        @picocli.CommandLine.Mixin
        OnlineStoreOptions online;

        @Option(names = "--json", description = "Write what was materialized as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            List<FeatureView> read = views(views);
            java.time.Instant from = since == null ? null : time("--since", since);
            java.time.Instant now = until == null ? java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS) : time("--until", until);
            if (from != null && !from.isBefore(now)) {
                throw new IllegalArgumentException("--since " + since + " is not before " + (until == null ? "now" : "--until " + until));
            }
            PrintWriter err = parent.spec.commandLine().getErr();
            var results = new ArrayList<Map<String, Object>>();
            PrintWriter printed = parent.spec.commandLine().getOut();
            try (OnlineStore store = online.open(parent.root)) {
                for (FeatureView view : read) {
                    var line = new ProgressLine(err, "materializing " + view.name());
                    OnlineStore.Materialized done = store.materialize(view, parent.root.home().data(), parent.credentials(), from, now,
                            (share, message) -> line.update(Math.round(share * 1000), 1000, message));
                    line.done();
                    var entry = new LinkedHashMap<String, Object>();
                    entry.put("view", done.view());
                    entry.put("rowsRead", done.rowsRead());
                    entry.put("entitiesWritten", done.entitiesWritten());
                    entry.put("since", done.since() == null ? null : done.since().toString());
                    entry.put("until", done.until().toString());
                    entry.put("rebuilt", done.rebuilt());
                    entry.put("store", store.url());
                    results.add(entry);
                    if (!json) {
                        printed.println(String.format(Locale.ROOT, "%s: %,d entities written from %,d rows %s up to %s%s (online store %s)", done.view(),
                                done.entitiesWritten(), done.rowsRead(), done.since() == null ? "from the start" : "after " + done.since(), done.until(),
                                done.rebuilt() ? "; its features changed, so it was written again from all its rows" : "", store.url()));
                    }
                }
            }
            if (json) {
                printed.println(JSON.writeValueAsString(results));
            }
            printed.flush();
            return Cli.OK;
        }
    }

    static java.time.Instant time(String option, String given) {
        long millis = io.pipewright.data.DateFormats.ANY.epochMillis(given.strip());
        if (millis == io.pipewright.data.DateFormats.NOT_A_DATE) {
            throw new IllegalArgumentException(option + " " + given + ": not a date or time (ISO 8601, e.g. 2026-11-01 or 2026-11-01T12:00:00Z)");
        }
        return java.time.Instant.ofEpochMilli(millis);
    }

    @Command(name = "get", description = "Read an entity's values of a view from the online store, as a served model would (exit code 1: no such entity).")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        FeaturesCommand parent;

        @Parameters(index = "0", paramLabel = "VIEW", description = "The view's name (or its file).")
        String view;

        @Parameters(index = "1", paramLabel = "ENTITY", description = "The entity's key; for a view keyed by several columns, their values in order, "
                + "separated by commas.")
        String entity;

        @picocli.CommandLine.Mixin
        OnlineStoreOptions online;

        @Override
        public Integer call() throws Exception {
            String name = view.endsWith(".yaml") || view.endsWith(".yml") ? FeatureView.read(Path.of(view)).name() : view;
            PrintWriter printed = parent.spec.commandLine().getOut();
            try (OnlineStore store = online.open(parent.root)) {
                var found = store.read(name, List.of(entity.split(",", -1)), java.time.Instant.now());
                if (found.isEmpty()) {
                    parent.spec.commandLine().getErr().println("pipewright: view " + name + " has no entity " + entity + " in the online store " + store.url());
                    return Cli.FAILED;
                }
                printed.println(JSON.writeValueAsString(facts(found.get())));
            }
            printed.flush();
            return Cli.OK;
        }
    }

    @Command(name = "online", description = "List the views in the online store: their keys, features, entities and when they were last materialized.")
    static final class Online implements Callable<Integer> {
        @ParentCommand
        FeaturesCommand parent;

        @picocli.CommandLine.Mixin
        OnlineStoreOptions online;

        @Option(names = "--json", description = "Write the list as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter printed = parent.spec.commandLine().getOut();
            try (OnlineStore store = online.open(parent.root)) {
                var views = store.views();
                if (json) {
                    var list = new ArrayList<Map<String, Object>>();
                    for (var layout : views) {
                        var entry = new LinkedHashMap<String, Object>();
                        entry.put("view", layout.view());
                        entry.put("entities", layout.entities());
                        entry.put("features", layout.features());
                        entry.put("kinds", layout.kinds());
                        entry.put("ttlSeconds", layout.ttlMillis() == null ? null : layout.ttlMillis() / 1000);
                        entry.put("entityCount", layout.entityCount());
                        entry.put("materializedUntil", java.time.Instant.ofEpochMilli(layout.materializedUntil()).toString());
                        list.add(entry);
                    }
                    printed.println(JSON.writeValueAsString(list));
                } else if (views.isEmpty()) {
                    printed.println("the online store " + store.url() + " holds no view yet (pipewright features materialize --view VIEW.yaml)");
                } else {
                    for (var layout : views) {
                        printed.println(String.format(Locale.ROOT, "%s: %,d entities by %s; %s; up to %s", layout.view(), layout.entityCount(),
                                String.join(", ", layout.entities()), String.join(", ", layout.features()),
                                java.time.Instant.ofEpochMilli(layout.materializedUntil())));
                    }
                }
            }
            printed.flush();
            return Cli.OK;
        }
    }

    @Command(name = "export-feast", description = {"Write a Feast repository from feature views: feature_store.yaml, features.py (entities, file "
            + "sources, feature views with their schema and ttl) and each view's rows as data/VIEW.parquet (derived features computed).",
            "feast apply in the folder registers them."})
    static final class ExportFeast implements Callable<Integer> {
        @ParentCommand
        FeaturesCommand parent;

        @Option(names = "--view", required = true, paramLabel = "VIEW.yaml", description = "A feature view file (repeat for several views).")
        List<Path> views;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write the repository into.")
        Path out;

        @Option(names = "--project", paramLabel = "NAME", defaultValue = "pipewright", description = "The Feast project's name (default: ${DEFAULT-VALUE}).")
        String project;

        @Override
        public Integer call() {
            var written = io.pipewright.features.FeastExport.write(views(views), project, out, parent.root.home().data(), parent.credentials());
            PrintWriter printed = parent.spec.commandLine().getOut();
            for (Path file : written.files()) {
                printed.println(file);
            }
            written.rows().forEach((view, rows) -> printed.println(String.format(Locale.ROOT, "%s: %,d rows in data/%s.parquet", view, rows, view)));
            printed.flush();
            return Cli.OK;
        }
    }
}
