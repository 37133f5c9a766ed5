package io.pipewright.ui.shell;

/** What the main window remembers between runs. */
public record ShellPreferences(Theme theme, WindowBounds window) {
    static final String SECTION = "shell";
    static final ShellPreferences DEFAULT = new ShellPreferences(Theme.LIGHT, null);

    public ShellPreferences {
        theme = theme == null ? Theme.LIGHT : theme;
    }

    ShellPreferences withTheme(Theme newTheme) {
        return new ShellPreferences(newTheme, window);
    }

    ShellPreferences withWindow(WindowBounds newWindow) {
        return new ShellPreferences(theme, newWindow);
    }

    /** The window's place and size on screen. */
    public record WindowBounds(double x, double y, double width, double height, boolean maximized) {
    }
}
