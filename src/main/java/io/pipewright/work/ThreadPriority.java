package io.pipewright.work;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The operating system's scheduling priority of a thread (its nice value, on Linux). A thread that lowers its own
 * is served after the threads at the normal priority whenever they all want a core, and as fast as before when the
 * cores are free; the threads it starts afterwards inherit its value. The window's background threads run lowered,
 * so that on two cores a profile or a training run does not keep the window's own thread waiting for one (a pass
 * of 10 to 20 ms of its work took 50 ms and more while the profiler's threads held both). Java's own
 * {@code Thread.setPriority} does nothing on Linux. Elsewhere, or without JNA's native library, nothing changes.
 */
public final class ThreadPriority {
    /** The nice value of the window's background threads: served after the window, beside each other as before. */
    public static final int BACKGROUND = 10;
    private static final int PRIO_PROCESS = 0;

    private ThreadPriority() {
    }

    private interface LinuxC extends Library {
        int setpriority(int which, int who, int priority);

        int getpriority(int which, int who);

        long syscall(long number, Object... arguments);
    }

    /** Loaded on first use, on the thread that lowers itself: JNA's start costs some tens of milliseconds. */
    private static final class C {
        static final LinuxC LIBRARY = Native.load("c", LinuxC.class);
    }

    /** As {@link #lowerThreadsNamed}, on a daemon thread of its own (JNA's native library takes some tens of milliseconds to load). */
    public static void lowerThreadsNamedSoon(String prefix, int nice) {
        var thread = new Thread(() -> lowerThreadsNamed(prefix, nice), "pipewright-priority");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Sets the nice value of this process's threads whose name starts with {@code prefix} (as {@code /proc} shows
     * it: the first 15 characters); returns how many were set. Threads started by them afterwards inherit it.
     */
    public static int lowerThreadsNamed(String prefix, int nice) {
        if (!"Linux".equals(System.getProperty("os.name"))) {
            return 0;
        }
        int lowered = 0;
        try (var tasks = java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc/self/task"))) {
            for (var task : tasks) {
                String name;
                try {
                    name = java.nio.file.Files.readString(task.resolve("comm")).strip();
                } catch (java.io.IOException e) {
                    continue; // the thread ended meanwhile
                }
                if (name.startsWith(prefix) && lower(Integer.parseInt(task.getFileName().toString()), nice)) {
                    lowered++;
                }
            }
        } catch (java.io.IOException | RuntimeException | LinkageError e) {
            // no /proc or no native library: the threads not reached keep their priority
        }
        return lowered;
    }

    /**
     * Sets the calling thread's nice value (0 to 19, higher served later); true when it was set or was already that
     * high. A thread may lower its priority, never raise it back (that takes a privilege): call it on threads that
     * keep to background work.
     */
    public static boolean lowerCurrent(int nice) {
        if (!"Linux".equals(System.getProperty("os.name"))) {
            return false;
        }
        try {
            String arch = System.getProperty("os.arch");
            long gettid = switch (arch) {
                case "amd64", "x86_64" -> 186;
                case "aarch64" -> 178;
                default -> -1;
            };
            if (gettid < 0) {
                return false;
            }
            int thread = (int) C.LIBRARY.syscall(gettid);
            if (thread <= 0) {
                return false;
            }
            return lower(thread, nice);
        } catch (RuntimeException | LinkageError e) {
            return false; // no native library for this platform: the thread keeps its priority
        }
    }

    /** Sets the thread's nice value; true when it was set or was already that high. */
    private static boolean lower(int thread, int nice) {
        // already that low or lower (a process started with nice): raising it back is not ours to do
        return C.LIBRARY.getpriority(PRIO_PROCESS, thread) >= nice || C.LIBRARY.setpriority(PRIO_PROCESS, thread, nice) == 0;
    }
}
