package io.pipewright.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs the command line in-process with its own --home, capturing stdout and stderr. */
public record CliRun(int code, String out, String err) {
    /** stderr without blank lines and progress redraws. */
    public List<String> errLines() {
        return err.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    /** Runs the command line on a test's store (its home, and --store for PostgreSQL). */
    public static CliRun on(io.pipewright.track.TestStore store, String... args) {
        var all = new java.util.ArrayList<>(store.cliOptions());
        all.addAll(List.of(args));
        return in(store.home(), all.toArray(String[]::new));
    }

    public static CliRun in(Path home, String... args) {
        String[] withHome = new String[args.length + 2];
        withHome[0] = "--home";
        withHome[1] = home.toString();
        System.arraycopy(args, 0, withHome, 2, args.length);
        return entry(Map.of(), withHome);
    }

    /**
     * Runs the command line the way {@code Main} does: the same buffered writers over byte streams,
     * so output a command leaves unflushed is missing here as it is in a terminal.
     */
    public static CliRun entry(Map<String, String> environment, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Cli.execute(args, out, err, environment);
        return new CliRun(code, out.toString(Charset.defaultCharset()), err.toString(Charset.defaultCharset()));
    }
}
