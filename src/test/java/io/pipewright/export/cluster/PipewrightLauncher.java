package io.pipewright.export.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Starts {@code pipewright} as its own JVM on this JVM's classpath ({@code io.pipewright.Main}), as a pod's
 * container would, at the start-up cost a cluster would pay once its image is tuned: C1 only
 * ({@code -XX:TieredStopAtLevel=1}), the serial collector, and an application class-data archive (AppCDS)
 * written by the first process and mapped by every later one. AppCDS takes jars only, so the classpath's
 * folders ({@code target/classes}) are packed into jars once per JVM.
 */
public final class PipewrightLauncher {
    private static final List<String> FLAGS = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss1m");
    private static PipewrightLauncher shared;

    private final String java;
    private final String classpath;
    private final Path archive;
    private boolean archiving;

    private PipewrightLauncher(String java, String classpath, Path archive) {
        this.java = java;
        this.classpath = classpath;
        this.archive = archive;
    }

    /** The launcher of this JVM: its classpath packed once, its archive written by the first process it starts. */
    public static synchronized PipewrightLauncher shared() {
        if (shared == null) {
            try {
                Path folder = Files.createTempDirectory("pipewright-launcher");
                folder.toFile().deleteOnExit();
                var entries = new ArrayList<String>();
                int packed = 0;
                for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                    Path path = Path.of(entry);
                    if (Files.isDirectory(path)) {
                        Path jar = folder.resolve("classes-" + packed++ + ".jar");
                        pack(path, jar);
                        entries.add(jar.toString());
                    } else if (Files.isRegularFile(path)) {
                        entries.add(entry);
                    }
                }
                shared = new PipewrightLauncher(ProcessHandle.current().info().command().orElse("java"), String.join(File.pathSeparator, entries),
                        folder.resolve("pipewright.jsa"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** The command line running {@code pipewright ARGS} with {@code user.home} at {@code home}. */
    public synchronized List<String> command(Path home, List<String> args) {
        var line = new ArrayList<>(List.of(java));
        line.addAll(FLAGS);
        if (Files.isRegularFile(archive)) {
            line.add("-XX:SharedArchiveFile=" + archive);
        } else if (!archiving) {
            // the first process writes the archive (under another name until it has ended: a later JVM must never map half a file)
            archiving = true;
            line.add("-XX:ArchiveClassesAtExit=" + archive + ".writing");
        }
        line.addAll(List.of("-Duser.home=" + home, "-cp", classpath, "io.pipewright.Main"));
        line.addAll(args);
        return line;
    }

    /** Starts {@code pipewright ARGS} with its output (stdout and stderr) in {@code log}. */
    public Process start(Path home, List<String> args, Map<String, String> environment, Path log) throws IOException {
        List<String> line = command(home, args);
        var builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (line.stream().anyMatch(flag -> flag.startsWith("-XX:ArchiveClassesAtExit="))) {
            process.onExit().thenRun(this::archiveWritten);
        }
        return process;
    }

    private synchronized void archiveWritten() {
        Path written = Path.of(archive + ".writing");
        try {
            if (Files.isRegularFile(written)) {
                Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE);
                archive.toFile().deleteOnExit();
            } else {
                archiving = false; // killed before it could write: the next process tries again
            }
        } catch (IOException e) {
            archiving = false;
        }
    }

    private static void pack(Path folder, Path jar) throws IOException {
        try (var out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(folder)) {
            // folders get entries too: resources are found by folder (the store's migrations)
            for (Path file : files.filter(path -> !path.equals(folder)).sorted().toList()) {
                String name = folder.relativize(file).toString().replace(File.separatorChar, '/');
                out.putNextEntry(new JarEntry(Files.isDirectory(file) ? name + "/" : name));
                if (Files.isRegularFile(file)) {
                    Files.copy(file, out);
                }
                out.closeEntry();
            }
        }
        jar.toFile().deleteOnExit();
    }
}
