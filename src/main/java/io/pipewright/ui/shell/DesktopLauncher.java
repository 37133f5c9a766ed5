package io.pipewright.ui.shell;

import io.pipewright.home.PipewrightHome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;

/** Starts the desktop app; returns when its last window closes. */
public final class DesktopLauncher {
    private DesktopLauncher() {
    }

    /** {@code storeUrl}: a shared store to use (null: $PIPEWRIGHT_STORE, else the embedded one). */
    public static void launch(PipewrightHome home, String storeUrl, List<Path> files) {
        Application.launch(PipewrightApp.class, arguments(home, storeUrl, files));
    }

    static String[] arguments(PipewrightHome home, String storeUrl, List<Path> files) {
        var args = new ArrayList<String>();
        args.add("--home=" + home.root());
        if (storeUrl != null && !storeUrl.isBlank()) {
            args.add("--store=" + storeUrl);
        }
        files.forEach(file -> args.add(file.toAbsolutePath().toString()));
        return args.toArray(String[]::new);
    }
}
