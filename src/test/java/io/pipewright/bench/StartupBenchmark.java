package io.pipewright.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times the built jar's start-up as a person meets it: {@code bin/pipewright --version} and {@code info} on a home
 * that already exists (the jar with the class-data archive {@code mvn package} builds, which is what the floors
 * are for), the same two as {@code java -jar target/pipewright.jar} (no JVM option can reach that process), whole
 * processes, against the JVM's own start ({@code java -version}, the least any Java program pays) in the same run,
 * alternated, medians of {@code rounds} (default 9) after one untimed round. The server jar's {@code --version}
 * too when it was built.
 *
 * <pre>mvn -B -q package -DskipTests && mvn -q test-compile exec:exec -Dbench=StartupBenchmark</pre>
 */
public final class StartupBenchmark {
    private static final double VERSION_FLOOR = 0.3;
    private static final double INFO_FLOOR = 0.6;

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        Path jar = Path.of("target", "pipewright.jar");
        Path archive = Path.of("target", "pipewright.jsa");
        Path launcher = Path.of("bin", "pipewright");
        Path server = Path.of("target", "pipewright-server.jar");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(archive)) {
            throw new IllegalStateException("build the jar and its class-data archive first: mvn -B package -DskipTests");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path home = Files.createTempDirectory("pipewright-startup");
        var jvm = List.of(java, "-version");
        var version = List.of(launcher.toString(), "--version");
        var info = List.of(launcher.toString(), "--home", home.toString(), "info");
        var jarVersion = List.of(java, "-jar", jar.toString(), "--version");
        var jarInfo = List.of(java, "-jar", jar.toString(), "--home", home.toString(), "info");
        var serverVersion = List.of(java, "-jar", server.toString(), "--version");
        boolean withServer = Files.isRegularFile(server);
        var commands = new ArrayList<>(List.of(jvm, version, info, jarVersion, jarInfo));
        if (withServer) {
            commands.add(serverVersion);
        }
        // the untimed round creates and migrates the home's store, as a person's first start does
        for (var command : commands) {
            seconds(command);
        }
        double[][] times = new double[commands.size()][rounds];
        for (int i = 0; i < rounds; i++) {
            for (int c = 0; c < commands.size(); c++) {
                times[c][i] = seconds(commands.get(c));
            }
        }
        System.out.printf(Locale.US, "jar: %s (%.1f MB), class-data archive %.1f MB, %d cores, load average %s, medians of %d alternated rounds%n",
                jar, Files.size(jar) / 1e6, Files.size(archive) / 1e6, Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).split(" ")[0], rounds);
        System.out.printf(Locale.US, "java -version (the JVM alone):         %.3f s%n", median(times[0]));
        System.out.printf(Locale.US, "bin/pipewright --version:              %.3f s (floor: under %.1f s) %s%n", median(times[1]), VERSION_FLOOR,
                median(times[1]) < VERSION_FLOOR ? "met" : "NOT met");
        System.out.printf(Locale.US, "bin/pipewright info (existing home):   %.3f s (floor: under %.1f s) %s%n", median(times[2]), INFO_FLOOR,
                median(times[2]) < INFO_FLOOR ? "met" : "NOT met");
        System.out.printf(Locale.US, "java -jar pipewright.jar --version:    %.3f s%n", median(times[3]));
        System.out.printf(Locale.US, "java -jar pipewright.jar info:         %.3f s%n", median(times[4]));
        if (withServer) {
            System.out.printf(Locale.US, "pipewright-server.jar --version:       %.3f s (%.1f MB)%n", median(times[5]), Files.size(server) / 1e6);
        }
    }

    private static double seconds(List<String> command) throws Exception {
        var started = System.nanoTime();
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
        }
        return seconds;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
