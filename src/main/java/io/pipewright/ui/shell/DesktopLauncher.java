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
        prepareProcess();
        PipewrightApp.beginStartupReads(home);
        Application.launch(PipewrightApp.class, arguments(home, storeUrl, files));
    }

    /** What the app sets in its process before JavaFX starts: the rendering settings and the optimising compiler's priority. */
    public static void prepareProcess() {
        configureRendering();
        lowerOptimisingCompiler();
    }

    /**
     * The JVM's optimising compiler threads run at the background work's priority: on two cores, while the window
     * starts, they took a core from the threads that build and draw its first frame; they compile as much as before
     * whenever a core is free.
     */
    static void lowerOptimisingCompiler() {
        io.pipewright.work.ThreadPriority.lowerThreadsNamedSoon("C2 CompilerThre", io.pipewright.work.ThreadPriority.BACKGROUND);
    }

    /**
     * Rendering settings to make before the toolkit starts (a setting the user gave with -D wins).
     * Region caching is off: with it, every background of more than one fill (a table row with its
     * grid line, the table, a split pane) is drawn by stretching a cached image, which the software
     * pipeline (virtual machines, remote desktops, no usable GPU driver) does pixel by pixel; in the
     * runs table that was half of each frame's drawing, and the FX thread waits for the previous
     * frame before the next pulse. Drawn directly, the fills are plain rectangle fills (one quad each
     * on a hardware pipeline).
     */
    static void configureRendering() {
        if (System.getProperty("prism.disableRegionCaching") == null) {
            System.setProperty("prism.disableRegionCaching", "true");
        }
    }

    static String[] arguments(PipewrightHome home, String storeUrl, List<Path> files) {
        var args = new ArrayList<String>();
        args.add("--home=" + home.root());
        if (home.sharedData()) {
            args.add("--data=" + home.data());
        }
        if (storeUrl != null && !storeUrl.isBlank()) {
            args.add("--store=" + storeUrl);
        }
        files.forEach(file -> args.add(file.toAbsolutePath().toString()));
        return args.toArray(String[]::new);
    }
}
