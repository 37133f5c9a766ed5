package io.pipewright.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.data.DatabaseCredentials;
import io.pipewright.data.DatabaseSource;
import io.pipewright.data.lake.ChangeLog;
import io.pipewright.data.lake.LayerReference;
import io.pipewright.ingest.ChangeCapture;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "ingest", description = "Bring data in: capture a PostgreSQL table's changes into its Bronze log and Silver table.",
        subcommands = {IngestCommand.Cdc.class, IngestCommand.ListLogs.class, IngestCommand.Drop.class})
final class IngestCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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

    static Map<String, Object> facts(ChangeLog.Manifest m, Long silverRows) {
        var entry = new LinkedHashMap<String, Object>();
        entry.put("name", m.name());
        entry.put("source", m.source());
        entry.put("table", m.table());
        entry.put("key", m.key());
        entry.put("bronze", LayerReference.BRONZE + "/" + m.name());
        entry.put("silver", LayerReference.SILVER + "/" + m.name());
        entry.put("events", m.events());
        if (silverRows != null) {
            entry.put("silverRows", silverRows);
        }
        entry.put("snapshotDone", m.snapshotDone());
        entry.put("lastCommit", m.lastCommit());
        entry.put("updated", m.updated());
        entry.put("slot", m.slot());
        return entry;
    }

    @Command(name = "cdc", description = {"Capture a PostgreSQL table's changes (Debezium, pgoutput): the table is read once, then every insert, update, "
            + "delete and truncate is appended to the Bronze log (bronze/NAME) and applied to the Silver table (silver/NAME: the current rows by "
            + "primary key). A restart resumes where the log ends, without loss or duplicates. Follows until stopped (Ctrl-C), or with --once "
            + "stops when the changes committed before it started are in.",
            "The database must run with wal_level=logical, and the login may create a replication slot (REPLICATION) and a publication."})
    static final class Cdc implements Callable<Integer> {
        @ParentCommand
        IngestCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--source", required = true, paramLabel = "JDBC_URL", description = "The database: jdbc:postgresql://HOST[:PORT]/DATABASE.")
        String source;

        @Option(names = "--table", required = true, paramLabel = "TABLE", description = "The table to capture (schema.table or table).")
        String table;

        @Option(names = "--into", required = true, paramLabel = "bronze/NAME",
                description = "The change log: its events go to bronze/NAME and its current rows to silver/NAME (NAME also names the replication slot, pipewright_NAME).")
        String into;

        @Option(names = "--credentials", paramLabel = "NAME",
                description = "Log in as PIPEWRIGHT_DB_NAME_USER/_PASSWORD, or NAME.user/NAME.password in the home's secrets.properties.")
        String credentials;

        @Option(names = "--key", split = ",", paramLabel = "COLUMN", description = "The columns that identify a row (default: the table's primary key).")
        List<String> key;

        @Option(names = "--once", description = "Stop once every change committed before the start is in the log (for a schedule), instead of following.")
        boolean once;

        @Option(names = "--json", description = "Write the log's summary as JSON when the capture ends.")
        boolean json;

        @Override
        public Integer call() throws IOException, InterruptedException {
            String name = name(into);
            var settings = new ChangeCapture.Settings(new DatabaseSource(source, table, null, credentials), parent.credentials(),
                    parent.root.home().data(), name, key, once);
            PrintWriter err = spec.commandLine().getErr();
            var capture = new ChangeCapture(settings);
            var stop = new AtomicBoolean();
            var ended = new CountDownLatch(1);
            var hook = new Thread(() -> {
                // Ctrl-C or SIGTERM: the batch in flight is written with its offset, then the capture stops
                stop.set(true);
                try {
                    ended.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "pipewright-ingest-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            var last = new long[] {0, -1};
            var begun = new AtomicBoolean();
            ChangeCapture.Result result;
            try {
                result = capture.run(status -> {
                    if (!begun.getAndSet(true)) {
                        // said once the source was checked and the engine delivers: a refused capture says only why
                        err.println("capturing " + table + " from " + DatabaseSource.redact(source) + " into " + LayerReference.BRONZE + "/" + name
                                + " and " + LayerReference.SILVER + "/" + name + (once ? " (until caught up)" : " (Ctrl-C stops)"));
                        err.flush();
                    }
                    long now = System.nanoTime();
                    if (status.eventsThisRun() > 0 && status.events() != last[1] && now - last[0] > 1_000_000_000L) {
                        last[0] = now;
                        last[1] = status.events();
                        err.println(String.format(Locale.ROOT, "%,d events (%,d this run)%s%s", status.events(), status.eventsThisRun(),
                                status.snapshotDone() ? "" : ", reading the table", status.lastCommit() == null ? "" : ", last commit " + status.lastCommit()));
                        err.flush();
                    }
                }, stop::get);
                return summary(name, capture, result);
            } catch (ChangeCapture.Failed e) {
                err.println("pipewright: " + Cli.oneLine(e.getMessage()));
                err.flush();
                return Cli.FAILED;
            } finally {
                // the summary is written before a stopping JVM may end
                ended.countDown();
                if (!stop.get()) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException e) {
                        // shutting down already
                    }
                }
            }
        }

        private int summary(String name, ChangeCapture capture, ChangeCapture.Result result) throws IOException {
            ChangeLog.Manifest m = result.manifest();
            long rows = ChangeLog.silverRowCount(m, capture.folder());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                var facts = facts(m, rows);
                facts.put("eventsThisRun", result.eventsThisRun());
                facts.put("caughtUp", result.caughtUp());
                out.println(JSON.writeValueAsString(facts));
            } else {
                out.println(String.format(Locale.ROOT, "%s: %,d change events in %s/%s (%,d this run); %s/%s holds %,d rows%s", name, m.events(),
                        LayerReference.BRONZE, name, result.eventsThisRun(), LayerReference.SILVER, name, rows,
                        result.caughtUp() ? "; caught up with every change committed before the start" : ""));
            }
            out.flush();
            return Cli.OK;
        }

        /** The log's name from --into: bronze/NAME (the events land in Bronze; Silver takes the same name), or NAME. */
        static String name(String into) {
            try {
                return LayerReference.changeLog(into);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--into " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "list", description = "The change logs in this home: table, events, rows' layers, last commit captured.")
    static final class ListLogs implements Callable<Integer> {
        @ParentCommand
        IngestCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Write the list as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Path folder = parent.root.home().data().resolve("cdc");
            var logs = new ArrayList<ChangeLog.Manifest>();
            if (Files.isDirectory(folder)) {
                try (var children = Files.list(folder)) {
                    for (Path child : children.sorted().toList()) {
                        ChangeLog log = ChangeLog.open(child);
                        if (log.exists()) {
                            logs.add(log.manifest());
                        }
                    }
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(JSON.writeValueAsString(logs.stream().map(m -> facts(m, null)).toList()));
            } else if (logs.isEmpty()) {
                out.println("No change logs in " + parent.root.home().root() + " (pipewright ingest cdc --source … --table … --into bronze/NAME starts one).");
            } else {
                out.println(String.format(Locale.ROOT, "%-20s %-28s %12s  %-10s %s", "NAME", "TABLE", "EVENTS", "FIRST READ", "LAST COMMIT"));
                for (ChangeLog.Manifest m : logs) {
                    out.println(String.format(Locale.ROOT, "%-20s %-28s %,12d  %-10s %s", m.name(), m.table(), m.events(),
                            m.snapshotDone() ? "done" : "unfinished", m.lastCommit() == null ? "-" : m.lastCommit()));
                }
            }
            out.flush();
            return Cli.OK;
        }
    }

    @Command(name = "drop", description = "Drop a change log: its replication slot and publication on the source (the database stops keeping "
            + "write-ahead log for it), then its Bronze and Silver data.")
    static final class Drop implements Callable<Integer> {
        @ParentCommand
        IngestCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "The change log (bronze/NAME or NAME).")
        String name;

        @Override
        public Integer call() {
            String log = LayerReference.changeLog(name);
            ChangeCapture.drop(LayerReference.changeLogFolder(parent.root.home().data(), log), parent.credentials());
            spec.commandLine().getOut().println("dropped " + log + ": its replication slot, publication, and bronze/" + log + " and silver/" + log);
            spec.commandLine().getOut().flush();
            return Cli.OK;
        }
    }
}
