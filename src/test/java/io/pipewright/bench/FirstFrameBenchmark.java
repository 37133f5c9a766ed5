package io.pipewright.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The window's first frame as a person gets it: whole processes of {@code bin/pipewright} (the jar with the
 * class-data archive {@code mvn package} builds; the floor is for it) and of {@code java -jar target/pipewright.jar},
 * alternated, on a real X display, each timed from the JVM's start to the first pulse that lays out the shown window
 * with the Home workspace (the app writes that figure to its log). One untimed run of each creates the home; then
 * 5 runs of each on the existing home, each process ended once the line is written. Prints each run, each one's
 * median (the launcher's against the floor of 2 s), the CPU time the process had used when the line was seen (less
 * sensitive than the wall time to other work on the machine), and the time from the process's spawn to the line as
 * the benchmark saw it.
 *
 * <pre>mvn -B -o -q package -DskipTests && xvfb-run -a -s "-screen 0 1280x800x24" mvn -q test-compile exec:exec -Dbench=FirstFrameBenchmark</pre>
 * (argument, when run directly: the number of timed runs of each, 5 by default)
 */
public final class FirstFrameBenchmark {
    private static final Pattern FIGURE = Pattern.compile("first frame: .* shown (\\d+) ms after the JVM started");
    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private FirstFrameBenchmark() {
    }

    private record Frame(long jvmToFrameMs, long spawnToLineMs, long cpuMs) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path jar = Path.of("target", "pipewright.jar").toAbsolutePath();
        Path launcher = Path.of("bin", "pipewright").toAbsolutePath();
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(Path.of("target", "pipewright.jsa"))) {
            throw new IllegalStateException(jar + " or its class-data archive is missing: build them with mvn -B -o -q package -DskipTests");
        }
        if (System.getenv("DISPLAY") == null) {
            throw new IllegalStateException("no X display: run under xvfb-run -a -s \"-screen 0 1280x800x24\"");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        var ways = new java.util.LinkedHashMap<String, List<String>>();
        ways.put("bin/pipewright", List.of(launcher.toString()));
        ways.put("java -jar", List.of(java, "-jar", jar.toString()));
        Path home = Files.createTempDirectory("pipewright-first-frame");
        for (var way : ways.entrySet()) {
            System.out.printf(Locale.US, "untimed run of %s (the first creates the home): %d ms%n", way.getKey(), frame(way.getValue(), home).jvmToFrameMs());
        }
        var frames = new java.util.LinkedHashMap<String, List<Frame>>();
        for (int i = 0; i < runs; i++) {
            for (var way : ways.entrySet()) {
                Frame frame = frame(way.getValue(), home);
                frames.computeIfAbsent(way.getKey(), key -> new ArrayList<>()).add(frame);
                System.out.printf(Locale.US, "run %d, %s: JVM start to first frame %d ms (spawn to the log line %d ms; CPU used %d ms)%n", i + 1,
                        way.getKey(), frame.jvmToFrameMs(), frame.spawnToLineMs(), frame.cpuMs());
            }
        }
        System.out.printf(Locale.US, "load average %s%n", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        for (var entry : frames.entrySet()) {
            List<Frame> list = entry.getValue();
            long median = median(list.stream().mapToLong(Frame::jvmToFrameMs).toArray());
            System.out.printf(Locale.US, "first frame of the window (Home workspace), %s, median of %d processes: %d ms%s; "
                            + "spawn to the log line %d ms; CPU used by then %d ms%n", entry.getKey(), runs, median,
                    entry.getKey().equals("bin/pipewright") ? " (floor 2000 ms: " + (median < 2000 ? "met)" : "NOT met)") : "",
                    median(list.stream().mapToLong(Frame::spawnToLineMs).toArray()), median(list.stream().mapToLong(Frame::cpuMs).toArray()));
        }
    }

    private static Frame frame(List<String> command, Path home) throws IOException, InterruptedException {
        Path log = home.resolve("logs").resolve("pipewright.log");
        int before = lines(log).size();
        long spawned = System.nanoTime();
        var line = new ArrayList<>(command);
        line.addAll(List.of("--home", home.toString()));
        Process app = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            while (app.isAlive() && System.nanoTime() - spawned < 120_000_000_000L) {
                List<String> lines = lines(log);
                for (String text : lines.subList(Math.min(before, lines.size()), lines.size())) {
                    Matcher figure = FIGURE.matcher(text);
                    if (figure.find()) {
                        long seen = (System.nanoTime() - spawned) / 1_000_000;
                        return new Frame(Long.parseLong(figure.group(1)), seen, cpuMillis(app.pid()));
                    }
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("no first-frame line in " + log + " (the app " + (app.isAlive() ? "is still starting" : "exited") + ")");
        } finally {
            // the launcher's shell replaced itself with the JVM (exec), so this is the app's own process
            app.destroy();
            app.waitFor();
        }
    }

    private static List<String> lines(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** User and system CPU time of the process so far, from /proc (0 where there is none). */
    private static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
