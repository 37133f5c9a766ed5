package io.pipewright.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.data.DatabaseSource;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.RecordSource;
import io.pipewright.data.lake.CsvCopy;
import io.pipewright.data.lake.LayerReference;
import io.pipewright.data.lake.Snapshots;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code datasets commit|checkout|log|diff|gc}: versions of datasets kept in the home's data folder, by layer and name. */
final class DatasetSnapshotCommands {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DatasetSnapshotCommands() {
    }

    static Snapshots snapshots(DatasetsCommand parent) {
        return new Snapshots(parent.root.home().data());
    }

    static Map<String, Object> facts(Snapshots.Version version) {
        var entry = new LinkedHashMap<String, Object>();
        entry.put("dataset", version.layer() + "/" + version.name());
        entry.put("version", version.version());
        entry.put("parent", version.parent());
        entry.put("message", version.message());
        entry.put("created", version.created());
        entry.put("source", version.source());
        entry.put("file", version.file());
        entry.put("bytes", version.bytes());
        entry.put("storedBytes", version.storedBytes());
        entry.put("sha256", version.sha256());
        entry.put("rows", version.rows());
        entry.put("columns", version.columns());
        entry.put("key", version.key());
        entry.put("chunks", version.chunks().size());
        entry.put("run", version.run());
        entry.put("upstream", version.derivedFrom());
        return entry;
    }

    @Command(name = "commit", description = {"Keep a file, a database table or a captured table's layer as the next version of a dataset in a layer. "
            + "Its bytes are kept as content-defined chunks in the home's data folder: a chunk any version already has is not kept again, "
            + "and a changed chunk is kept as the rows it changed."})
    static final class Commit implements Callable<Integer> {
        @ParentCommand
        DatasetsCommand parent;

        @Parameters(paramLabel = "FILE|SOURCE", description = "A dataset file, silver/NAME or bronze/NAME (a captured table's layer), or jdbc:… with --table or --query.")
        String source;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The dataset's name (lower-case letters, digits and _).")
        String name;

        @Option(names = "--layer", required = true, paramLabel = "LAYER", description = "bronze (raw), silver (cleaned) or gold (ready for models).")
        String layer;

        @Option(names = {"--message", "-m"}, paramLabel = "TEXT", description = "What this version is.")
        String message;

        @Option(names = "--key", split = ",", paramLabel = "COLUMN", description = "The columns that identify a row: diff then tells rows added, removed and changed.")
        List<String> key = List.of();

        @Option(names = "--json", description = "Write the version as JSON.")
        boolean json;

        @Mixin
        SourceOptions database;

        @Override
        public Integer call() throws IOException {
            Snapshots.checkLayer(layer);
            LayerReference.checkName(name);
            var snapshots = snapshots(parent);
            PrintWriter err = parent.spec.commandLine().getErr();
            Path file;
            Path copy = null;
            String recorded;
            if (DatabaseSource.isDatabase(source) || (LayerReference.looksLikeOne(source) && !Files.exists(Path.of(source)))) {
                // a layer is read as it stands now and named so: a version by its number, a captured table's live layer by its name
                String read = DatabaseSource.isDatabase(source) ? source
                        : io.pipewright.data.lake.LayerSource.pinned(LayerReference.parse(source), parent.root.home().data()).toString();
                DatasetReader reader = database.reader(read, parent.root);
                copy = Files.createTempFile("pipewright-commit-", ".csv");
                try (RecordSource rows = reader.source()) {
                    long written = CsvCopy.write(rows, copy);
                    err.println(String.format(Locale.ROOT, "read %,d rows of %s", written, reader.name()));
                }
                file = copy.resolveSibling(name + ".csv");
                Files.move(copy, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                copy = file;
                recorded = reader.location();
            } else {
                database.refuseUnlessADatabaseIn(List.of(source));
                file = Path.of(source);
                if (!Files.isRegularFile(file)) {
                    throw new io.pipewright.data.DatasetException(file + ": no such file");
                }
                recorded = file.toAbsolutePath().normalize().toString();
            }
            Snapshots.Version version;
            try {
                long total = Files.size(file);
                var line = new ProgressLine(err, "committing " + file.getFileName());
                version = snapshots.commit(file, layer, name, message, key, recorded, done -> line.update(done, total, ""));
                line.done();
            } finally {
                if (copy != null) {
                    Files.deleteIfExists(copy);
                }
            }
            PrintWriter out = parent.spec.commandLine().getOut();
            if (json) {
                out.println(JSON.writeValueAsString(facts(version)));
            } else {
                out.println(String.format(Locale.ROOT, "%s: %,d rows × %d columns, %s in %,d chunks; %s new in the store%s", version.reference(), version.rows(),
                        version.columns().size(), DatasetsCommand.size(version.bytes()), version.chunks().size(), DatasetsCommand.size(version.storedBytes()),
                        version.parent() == null ? "" : " (the rest is shared with earlier versions)"));
            }
            out.flush();
            return Cli.OK;
        }
    }

    @Command(name = "checkout", description = "Write a version's file, byte for byte (checked against the SHA-256 recorded when it was committed).")
    static final class Checkout implements Callable<Integer> {
        @ParentCommand
        DatasetsCommand parent;

        @Parameters(paramLabel = "[LAYER/]NAME[@VERSION]", description = "The version (the newest without @VERSION).")
        String reference;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write it (replaced only once the whole file is written and checked).")
        Path out;

        @Override
        public Integer call() {
            var snapshots = snapshots(parent);
            Snapshots.Version version = snapshots.resolve(reference);
            PrintWriter err = parent.spec.commandLine().getErr();
            var line = new ProgressLine(err, "checking out " + version.reference());
            snapshots.checkout(version, out, done -> line.update(done, version.bytes(), ""));
            line.done();
            parent.spec.commandLine().getOut().println(String.format(Locale.ROOT, "%s → %s (%s, sha256 %s)", version.reference(), out,
                    DatasetsCommand.size(version.bytes()), DatasetsCommand.shortSha(version.sha256())));
            parent.spec.commandLine().getOut().flush();
            return Cli.OK;
        }
    }

    @Command(name = "log", description = "The versions of a dataset, newest first: message, rows, size, and the bytes each added to the store.")
    static final class Log implements Callable<Integer> {
        @ParentCommand
        DatasetsCommand parent;

        @Parameters(paramLabel = "[LAYER/]NAME", description = "The dataset.")
        String reference;

        @Option(names = "--json", description = "Write the versions as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            var snapshots = snapshots(parent);
            Snapshots.Version newest = snapshots.resolve(reference);
            List<Snapshots.Version> versions = new java.util.ArrayList<>(snapshots.log(newest.layer(), newest.name()));
            java.util.Collections.reverse(versions);
            PrintWriter out = parent.spec.commandLine().getOut();
            if (json) {
                out.println(JSON.writeValueAsString(versions.stream().map(DatasetSnapshotCommands::facts).toList()));
            } else {
                out.println(newest.layer() + "/" + newest.name() + (newest.key().isEmpty() ? "" : " (key " + String.join(", ", newest.key()) + ")"));
                out.println(String.format(Locale.ROOT, "%7s  %-19s  %10s  %8s  %9s  %9s  %s", "version", "created", "rows", "columns", "size", "new", "message"));
                for (Snapshots.Version version : versions) {
                    out.println(String.format(Locale.ROOT, "%7s  %-19s  %,10d  %8d  %9s  %9s  %s", "@" + version.version(),
                            version.created().substring(0, 19).replace('T', ' '), version.rows(), version.columns().size(),
                            DatasetsCommand.size(version.bytes()), DatasetsCommand.size(version.storedBytes()), version.message() == null ? "" : version.message()));
                }
            }
            out.flush();
            return Cli.OK;
        }
    }

    @Command(name = "diff", description = "What changed between two versions: columns added, removed or retyped, row counts, and rows added, removed "
            + "and changed by key (the version's key, or --key); without a key, rows in one and not the other.")
    static final class Diff implements Callable<Integer> {
        @ParentCommand
        DatasetsCommand parent;

        @Parameters(index = "0", paramLabel = "A", description = "The older version ([LAYER/]NAME@VERSION).")
        String a;

        @Parameters(index = "1", paramLabel = "B", description = "The newer version ([LAYER/]NAME[@VERSION]).")
        String b;

        @Option(names = "--key", split = ",", paramLabel = "COLUMN", description = "Compare rows by these columns (default: the key committed with B, else A's).")
        List<String> key;

        @Option(names = "--json", description = "Write the differences as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            var snapshots = snapshots(parent);
            Snapshots.Version va = snapshots.resolve(a);
            Snapshots.Version vb = snapshots.resolve(b);
            Path scratch = Files.createTempDirectory("pipewright-diff-");
            Snapshots.Diff diff;
            try {
                diff = snapshots.diff(va, vb, key, scratch);
            } finally {
                Files.deleteIfExists(scratch);
            }
            PrintWriter out = parent.spec.commandLine().getOut();
            if (json) {
                var entry = new LinkedHashMap<String, Object>();
                entry.put("a", va.reference());
                entry.put("b", vb.reference());
                entry.put("rows", Map.of("a", va.rows(), "b", vb.rows()));
                entry.put("addedColumns", diff.addedColumns());
                entry.put("removedColumns", diff.removedColumns());
                entry.put("changedTypes", diff.changedKinds());
                entry.put("key", diff.key());
                entry.put("added", diff.added());
                entry.put("removed", diff.removed());
                entry.put("changed", diff.changed());
                entry.put("unchanged", diff.unchanged());
                entry.put("addedKeys", diff.addedKeys());
                entry.put("removedKeys", diff.removedKeys());
                entry.put("changedKeys", diff.changedKeys());
                out.println(JSON.writeValueAsString(entry));
            } else {
                out.println(va.reference() + " → " + vb.reference());
                out.println(String.format(Locale.ROOT, "rows: %,d → %,d", va.rows(), vb.rows()));
                out.println("columns: " + (diff.addedColumns().isEmpty() && diff.removedColumns().isEmpty() && diff.changedKinds().isEmpty() ? "the same"
                        : String.join("; ", List.of(
                                diff.addedColumns().isEmpty() ? "" : "added " + String.join(", ", diff.addedColumns()),
                                diff.removedColumns().isEmpty() ? "" : "removed " + String.join(", ", diff.removedColumns()),
                                diff.changedKinds().isEmpty() ? "" : "retyped " + diff.changedKinds().entrySet().stream()
                                        .map(e -> e.getKey() + " (" + e.getValue() + ")").reduce((x, y) -> x + ", " + y).orElse(""))
                                .stream().filter(s -> !s.isEmpty()).toList())));
                if (diff.key().isEmpty()) {
                    out.println(String.format(Locale.ROOT, "rows (no key: compared whole): %,d only in B, %,d only in A, %,d in both", diff.added(), diff.removed(),
                            diff.unchanged()));
                } else {
                    out.println(String.format(Locale.ROOT, "rows by %s: %,d added, %,d removed, %,d changed, %,d unchanged", String.join(", ", diff.key()),
                            diff.added(), diff.removed(), diff.changed(), diff.unchanged()));
                    examples(out, "added", diff.addedKeys(), diff.added());
                    examples(out, "removed", diff.removedKeys(), diff.removed());
                    examples(out, "changed", diff.changedKeys(), diff.changed());
                }
            }
            out.flush();
            return Cli.OK;
        }

        private static void examples(PrintWriter out, String what, List<String> keys, long count) {
            if (!keys.isEmpty()) {
                out.println("  " + what + ": " + String.join("; ", keys) + (count > keys.size() ? "; …" : ""));
            }
        }
    }

    @Command(name = "gc", description = "Keep the newest N versions of each dataset, and delete the older ones and every chunk no kept version needs.")
    static final class Gc implements Callable<Integer> {
        @ParentCommand
        DatasetsCommand parent;

        @Option(names = "--keep", required = true, paramLabel = "N", description = "Versions kept per dataset (1 or more).")
        int keep;

        @Option(names = "--grace-minutes", paramLabel = "MINUTES", defaultValue = "60",
                description = "Spare chunks written in the last MINUTES, which a commit still running may need (default: ${DEFAULT-VALUE}).")
        long graceMinutes;

        @Override
        public Integer call() {
            if (graceMinutes < 0) {
                throw new IllegalArgumentException("--grace-minutes " + graceMinutes + ": 0 or more");
            }
            var snapshots = snapshots(parent);
            Snapshots.Collected collected = snapshots.gc(keep, Duration.ofMinutes(graceMinutes));
            parent.spec.commandLine().getOut().println(String.format(Locale.ROOT, "removed %,d versions and %,d chunks (%s); the store keeps %s",
                    collected.versions(), collected.chunks(), DatasetsCommand.size(collected.bytes()), DatasetsCommand.size(snapshots.storedBytes())));
            parent.spec.commandLine().getOut().flush();
            return Cli.OK;
        }
    }
}
