package io.pipewright.data;

/**
 * Initialises Tablesaw's {@code Table} class without its classpath scan. Its class initialiser looks for
 * reader and writer plugins by scanning every class on {@code java.class.path} with ClassGraph: 0.45 s of
 * every process on the runnable jar (50,000 entries), 1.5 s on a test classpath. Pipewright reads and writes
 * tables with its own readers and never asks Tablesaw's registries for one, so the scan is only cost: here it
 * runs over an empty class path, and finds nothing, as it would in a jar without plugins.
 *
 * <p>Call it early, ideally while the process has one thread (the command line does, before a command runs, and the
 * readers that make tables do when they are first used);
 * a class already initialised is left as it is.
 */
public final class TablesawStartup {
    private static final String TABLE = "tech.tablesaw.api.Table";
    private static volatile boolean done;

    private TablesawStartup() {
    }

    public static synchronized void initialise() {
        if (done) {
            return;
        }
        String classPath = System.getProperty("java.class.path");
        System.setProperty("java.class.path", "");
        try {
            Class.forName(TABLE, true, TablesawStartup.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Tablesaw is missing from the class path", e);
        } finally {
            if (classPath == null) {
                System.clearProperty("java.class.path");
            } else {
                System.setProperty("java.class.path", classPath);
            }
        }
        done = true;
    }
}
