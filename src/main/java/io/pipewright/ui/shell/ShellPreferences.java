package io.pipewright.ui.shell;

import io.pipewright.home.Preferences;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the main window remembers between runs: the theme, the window's place and size, and the
 * folder of the last file chosen in a file dialog (where the next one starts).
 */
public record ShellPreferences(Theme theme, WindowBounds window, String lastFolder) {
    static final String SECTION = "shell";
    static final ShellPreferences DEFAULT = new ShellPreferences(Theme.LIGHT, null, null);
    private static final Logger LOG = LoggerFactory.getLogger(ShellPreferences.class);

    public ShellPreferences {
        theme = theme == null ? Theme.LIGHT : theme;
    }

    /**
     * The shell's section of the preferences, read by hand: the window's first frame waits for it,
     * and binding it with Jackson's data binding meant setting that up first. Reads what the binder
     * writes and falls back as it does: a missing field takes its default, a section of another
     * shape is ignored as a whole.
     */
    static ShellPreferences read(Preferences preferences) {
        var section = preferences.section(SECTION);
        if (section.isEmpty()) {
            return DEFAULT;
        }
        try {
            Map<String, Object> values = section.get();
            return new ShellPreferences(theme(values.get("theme")), window(values.get("window")), text(values.get("lastFolder"), "lastFolder"));
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: section '{}' ignored: {}", preferences.file().getFileName(), SECTION, e.getMessage());
            return DEFAULT;
        }
    }

    private static Theme theme(Object value) {
        if (value == null) {
            return null;
        }
        for (Theme theme : Theme.values()) {
            if (theme.name().equals(value)) {
                return theme;
            }
        }
        throw new IllegalArgumentException("theme: '" + value + "' is not one of LIGHT, DARK");
    }

    private static WindowBounds window(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> window)) {
            throw new IllegalArgumentException("window: expected an object, found '" + value + "'");
        }
        return new WindowBounds(number(window.get("x"), "x"), number(window.get("y"), "y"), number(window.get("width"), "width"),
                number(window.get("height"), "height"), flag(window.get("maximized")));
    }

    private static double number(Object value, String name) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw new IllegalArgumentException("window." + name + ": expected a number, found '" + value + "'");
    }

    private static boolean flag(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw new IllegalArgumentException("window.maximized: expected true or false, found '" + value + "'");
    }

    private static String text(Object value, String name) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new IllegalArgumentException(name + ": expected text, found '" + value + "'");
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
