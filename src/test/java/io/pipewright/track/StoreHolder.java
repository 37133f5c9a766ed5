package io.pipewright.track;

import java.nio.file.Path;

/** Run in a second JVM by the tests: opens a store, says "open", and holds it until stdin closes. */
public final class StoreHolder {
    private StoreHolder() {
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
