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

    public static void launch(PipewrightHome home, List<Path> files) {
        Application.launch(PipewrightApp.class, arguments(home, files));
    }

    static String[] arguments(PipewrightHome home, List<Path> files) {
        var args = new ArrayList<String>();
        args.add("--home=" + home.root());
        files.forEach(file -> args.add(file.toAbsolutePath().toString()));
        return args.toArray(String[]::new);
    }
}
