package io.pipewright.track;

import java.nio.file.Path;

/** Run in a second JVM by the tests: opens a store, says "open", and holds it until stdin closes. */
public final class StoreHolder {
    private StoreHolder() {
    }

    /** Starts a holder on {@code storeDirectory} and returns once it has the store open. */
    public static Process start(Path storeDirectory) throws java.io.IOException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), StoreHolder.class.getName(),
                storeDirectory.toString()).redirectErrorStream(true).start();
        var output = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        String line;
        do {
            line = output.readLine();
        } while (line != null && !line.startsWith("open "));
        if (line == null) {
            throw new IllegalStateException("the holder process ended without opening " + storeDirectory);
        }
        return holder;
    }

    /** Closes the holder's stdin, which makes it close the store and exit. */
    public static void stop(Process holder) throws Exception {
        holder.getOutputStream().close();
        if (!holder.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            holder.destroyForcibly();
        }
    }

    public static void main(String[] args) throws Exception {
        try (Store store = Store.open(Path.of(args[0]), "holder")) {
            System.out.println("open " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the test to close our stdin
            }
        }
    }
}
