package io.pipewright.cli;

/**
 * What a command needs started before it runs. By default logging and Tablesaw are started on the one thread
 * the process has: commands start threads that log at once (SLF4J complains on stderr about calls made while
 * it starts), and Tablesaw's {@code Table} must be initialised before any thread touches it. A command that
 * needs neither says so, and its process starts that much sooner.
 */
interface StartNeeds {
    /** Logging started before the command runs; without it, logging starts when something first logs. */
    default boolean logsAtStart() {
        return true;
    }

    /** Tablesaw's {@code Table} class initialised before the command runs. */
    default boolean readsTables() {
        return true;
    }

    /** A command that logs from one thread at most and reads no Tablesaw table: neither is started for it. */
    interface Nothing extends StartNeeds {
        @Override
        default boolean logsAtStart() {
            return false;
        }

        @Override
        default boolean readsTables() {
            return false;
        }
    }
}
