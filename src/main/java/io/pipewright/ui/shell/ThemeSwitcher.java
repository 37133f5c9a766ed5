package io.pipewright.ui.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Applies a theme at once and has it remembered by whoever listens (the app saves preferences). */
final class ThemeSwitcher {
    private Theme current;
    private final List<Consumer<Theme>> listeners = new ArrayList<>();

    ThemeSwitcher(Theme initial) {
        this.current = initial;
        initial.apply();
    }

    Theme current() {
        return current;
    }

    void switchTo(Theme theme) {
        if (theme == current) {
            return;
        }
        current = theme;
        theme.apply();
        listeners.forEach(listener -> listener.accept(theme));
    }

    void onChange(Consumer<Theme> listener) {
        listeners.add(listener);
    }
}
