package io.pipewright.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes {@code src/main/cds/pipewright.classlist}, the classes {@code mvn package} puts in the class-data archive
 * that {@code bin/pipewright} starts the jar with: the classes the built jar loads for {@code --version},
 * {@code info} (a new home, then an existing one), a profile of the credit sample, a run of its pipeline and the
 * window up to a few seconds after its first frame, each process with {@code -XX:DumpLoadedClassList}, merged in
 * the order they were first loaded. Run it again when the start's classes change (a test counts how many of the
 * list's own classes still exist).
 *
 * <pre>mvn -B -q package -DskipTests && xvfb-run -a -s "-screen 0 1280x800x24" mvn -q test-compile exec:exec -Dbench=StartupClassList</pre>
 */
public final class StartupClassList {
    static final Path LIST = Path.of("src", "main", "cds", "pipewright.classlist");

    private StartupClassList() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("target", "pipewright.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with mvn -B -q package -DskipTests");
        }
        if (System.getenv("DISPLAY") == null) {
            throw new IllegalStateException("no X display (the window's classes are listed too): run under xvfb-run -a -s \"-screen 0 1280x800x24\"");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path work = Files.createTempDirectory("pipewright-class-list");
        Path home = work.resolve("home");
        var lists = new ArrayList<Path>();
        var commands = List.of(
                List.of("--version"),
                List.of("--home", home.toString(), "info"),
                List.of("--home", home.toString(), "info"),
                List.of("--home", home.toString(), "profile", "sample-data/credit/credit.csv", "--json", work.resolve("profile.json").toString()),
                List.of("--home", home.toString(), "run", "sample-data/pipelines/credit-risk.yaml"));
        for (var command : commands) {
            Path list = work.resolve("list-" + lists.size());
            var line = new ArrayList<>(List.of(java, "-XX:DumpLoadedClassList=" + list, "-jar", jar.toString()));
            line.addAll(command);
            Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("pipewright " + String.join(" ", command) + " failed");
            }
            lists.add(list);
            System.out.printf("pipewright %s: %d classes%n", String.join(" ", command), entries(list).size());
        }
        Path windowList = work.resolve("list-window");
        lists.add(windowList);
        window(java, jar, home, windowList);
        System.out.printf("the window, to a few seconds after its first frame: %d classes%n", entries(windowList).size());

        var merged = new LinkedHashSet<String>();
        for (Path list : lists) {
            merged.addAll(entries(list));
        }
        var text = new StringBuilder()
                .append("# The classes of Pipewright's class-data archive (target/pipewright.jsa, built by mvn package):\n")
                .append("# written by io.pipewright.bench.StartupClassList from -XX:DumpLoadedClassList of the built jar\n");
        merged.forEach(entry -> text.append(entry).append('\n'));
        Files.createDirectories(LIST.getParent());
        Files.writeString(LIST, text);
        System.out.printf("%s: %d entries%n", LIST, merged.size());
    }

    /** Starts the window, waits for its first frame and a few seconds more (the other workspaces are built then), and ends it. */
    private static void window(String java, Path jar, Path home, Path list) throws IOException, InterruptedException {
        Path log = home.resolve("logs").resolve("pipewright.log");
        long before = lines(log).stream().filter(line -> line.contains("first frame:")).count();
        Process app = new ProcessBuilder(java, "-XX:DumpLoadedClassList=" + list, "-jar", jar.toString(), "--home", home.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (lines(log).stream().filter(line -> line.contains("first frame:")).count() == before) {
                if (!app.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the window wrote no first-frame line to " + log);
                }
                Thread.sleep(50);
            }
            Thread.sleep(8_000);
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    /** A class list's entries: its lines less the comments. */
    static List<String> entries(Path list) throws IOException {
        return Files.readAllLines(list).stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }

    private static List<String> lines(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }
}
