package io.pipewright.ui.shell;

/**
 * What the main window remembers between runs: the theme, the window's place and size, and the
 * folder of the last file chosen in a file dialog (where the next one starts).
 */
public record ShellPreferences(Theme theme, WindowBounds window, String lastFolder) {
    static final String SECTION = "shell";
    static final ShellPreferences DEFAULT = new ShellPreferences(Theme.LIGHT, null, null);

    public ShellPreferences {
        theme = theme == null ? Theme.LIGHT : theme;
    }

    ShellPreferences withTheme(Theme newTheme) {
        return new ShellPreferences(newTheme, window, lastFolder);
    }

    ShellPreferences withWindow(WindowBounds newWindow) {
        return new ShellPreferences(theme, newWindow, lastFolder);
    }

    ShellPreferences withLastFolder(String folder) {
        return new ShellPreferences(theme, window, folder);
    }

    /** The window's place and size on screen. */
    public record WindowBounds(double x, double y, double width, double height, boolean maximized) {
    }
}
