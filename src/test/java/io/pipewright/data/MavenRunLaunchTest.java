package io.pipewright.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app started the way {@code mvn javafx:run} (javafx-maven-plugin 0.0.8) starts it, in a child
 * JVM: for a project without module-info the plugin derives a module descriptor for every jar,
 * puts the JavaFX modules on the module path and the other jars on the class path, and silently
 * leaves out every jar whose descriptor cannot be derived (its "pathException(s) ... will be
 * ignored" warning). parquet-jackson was such a jar (its service file names a class it relocated),
 * so Parquet failed under {@code mvn javafx:run} while it worked from the shaded jar.
 */
class MavenRunLaunchTest {
    @TempDir
    static Path dir;

    private static List<String> modulePath;
    private static List<String> classPath;
    private static final Set<String> LEFT_OUT = new TreeSet<>();

    @BeforeAll
    static void splitTheClassPathAsThePluginDoes() {
        modulePath = new ArrayList<>();
        classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                classPath.add(entry); // target/classes (and here target/test-classes): always on the class path
                continue;
            }
            try {
                var names = ModuleFinder.of(path).findAll().stream().map(ModuleReference::descriptor).map(d -> d.name()).toList();
                if (names.stream().anyMatch(name -> name.startsWith("javafx"))) {
                    modulePath.add(entry);
                } else {
                    classPath.add(entry);
                }
            } catch (FindException e) {
                LEFT_OUT.add(path.getFileName().toString()); // what the plugin reports as a pathException and drops
            }
        }
    }

    /** Runs {@code MAIN ARGS} with the plugin's module path and class path. */
    private static Result launch(String main, List<String> args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(java, "-Djava.awt.headless=true"));
        if (!modulePath.isEmpty()) {
            command.addAll(List.of("--module-path", String.join(File.pathSeparator, modulePath),
                    "--add-modules", "javafx.base,javafx.controls,javafx.graphics"));
        }
        command.addAll(List.of("-classpath", String.join(File.pathSeparator, classPath), main));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    /** The command line on several files in one process (a JVM start per file would be slow): {@code ProfileEach HOME FILE...}. */
    public static final class ProfileEach {
        public static void main(String[] args) {
            for (int i = 1; i < args.length; i++) {
                int code = io.pipewright.cli.Cli.execute(new String[] {"--home", args[0], "profile", args[i], "--threads", "1"});
                if (code != 0) {
                    System.exit(code);
                }
            }
            System.exit(0);
        }
    }

    record Result(int code, String output) {
    }

    @Test
    void parquetOpensWithTheJarsThePluginPutsOnThePaths() throws Exception {
        Path file = dir.resolve("typed.parquet");
        int date = (int) LocalDate.of(2024, 2, 29).toEpochDay();
        DatasetReaderTest.writeParquet(file, List.of(
                new Object[] {1, 2.5, "hello", true, date},
                new Object[] {2, null, null, false, null},
                new Object[] {3, -1.0, "wörld", null, date + 1}));

        Result result = launch("io.pipewright.Main", List.of("--home", dir.resolve("home").toString(), "profile", file.toString(), "--threads", "1"));

        assertThat(result.code()).as("left out by the plugin's rule: %s%n%s", LEFT_OUT, result.output()).isZero();
        assertThat(result.output()).contains("typed.parquet: 3 rows × 5 columns");
        assertThat(LEFT_OUT).as("no jar of the app is left off the path").noneMatch(jar -> jar.startsWith("parquet-"));
    }

    @Test
    void everyOtherFormatOpensTheSameWay() throws Exception {
        Path csvGz = dir.resolve("numbers.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(csvGz))) {
            out.write("a,b\n1,x\n2,y\n".getBytes(StandardCharsets.UTF_8));
        }
        Path json = Files.writeString(dir.resolve("numbers.json"), "[{\"a\": 1, \"b\": \"x\"}, {\"a\": 2, \"b\": \"y\"}]");
        Path jsonl = Files.writeString(dir.resolve("numbers.jsonl"), "{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2, \"b\": \"y\"}\n");
        Path arff = Files.writeString(dir.resolve("numbers.arff"), "@relation n\n@attribute a numeric\n@attribute b {x,y}\n@data\n1,x\n2,y\n");
        Path tsv = Files.writeString(dir.resolve("numbers.tsv"), "a\tb\n1\tx\n2\ty\n");
        var files = List.of(csvGz, json, jsonl, arff, tsv);
        var args = new ArrayList<>(List.of(dir.resolve("home").toString()));
        files.forEach(file -> args.add(file.toString()));

        Result result = launch(ProfileEach.class.getName(), args);

        assertThat(result.code()).as(result.output()).isZero();
        for (Path file : files) {
            assertThat(result.output()).contains(file.getFileName() + ": 2 rows × 2 columns");
        }
    }
}
