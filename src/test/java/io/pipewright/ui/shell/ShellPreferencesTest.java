package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.home.Preferences;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellPreferencesTest {

    @Test
    void theLastFolderIsKeptBesideTheThemeAndAnOlderFileReadsWithoutOne(@TempDir Path home) throws Exception {
        Path file = home.resolve("preferences.json");
        Preferences.load(file).put(ShellPreferences.SECTION, ShellPreferences.DEFAULT.withTheme(Theme.DARK).withLastFolder("/data/churn"));
        ShellPreferences read = ShellPreferences.read(Preferences.load(file));
        assertThat(read.lastFolder()).isEqualTo("/data/churn");
        assertThat(read.theme()).isEqualTo(Theme.DARK);

        Files.writeString(file, "{\"shell\": {\"theme\": \"LIGHT\"}}");
        assertThat(ShellPreferences.read(Preferences.load(file)).lastFolder()).isNull();
    }

    /** The hand-written reader of the shell's section reads what the data binding reads, and falls back where it does. */
    @Test
    void theShellsSectionReadsAsTheDataBindingReadsIt(@TempDir Path home) throws Exception {
        Path file = home.resolve("preferences.json");
        var sections = List.of(
                "{\"theme\": \"DARK\", \"window\": {\"x\": 10, \"y\": 20.5, \"width\": 1300, \"height\": 820, \"maximized\": true}, \"lastFolder\": \"/data\"}",
                "{\"theme\": \"DARK\", \"window\": {\"width\": 1300, \"height\": 820}, \"extra\": [1, 2]}",
                "{\"theme\": null, \"window\": null, \"lastFolder\": null}",
                "{}",
                "{\"theme\": \"PURPLE\"}",
                "{\"window\": \"big\"}",
                "{\"window\": {\"width\": true}}",
                "{\"lastFolder\": [\"a\"]}",
                "\"shell\"",
                "null");
        for (String section : sections) {
            Files.writeString(file, "{\"shell\": " + section + "}");
            var preferences = Preferences.load(file);
            assertThat(ShellPreferences.read(preferences)).as(section)
                    .isEqualTo(preferences.get(ShellPreferences.SECTION, ShellPreferences.class, ShellPreferences.DEFAULT));
        }
    }

    /** What the window reads before its first frame sets up no Jackson data binding (it took a large part of the start). */
    @Test
    void readingTheShellsPreferencesLoadsNoDataBinding(@TempDir Path home) throws Exception {
        Path file = home.resolve("preferences.json");
        Preferences.load(file).put(ShellPreferences.SECTION, ShellPreferences.DEFAULT.withTheme(Theme.DARK).withWindow(
                new ShellPreferences.WindowBounds(5, 6, 1200, 780, false)));
        Path loaded = home.resolve("classes.txt");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load:file=" + loaded, "-cp", System.getProperty("java.class.path"), ReadShellPreferences.class.getName(), file.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("out.txt").toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(home.resolve("out.txt"))).contains("DARK 1200.0");
        assertThat(Files.readAllLines(loaded, StandardCharsets.UTF_8)).as("classes loaded")
                .noneMatch(line -> line.contains("com.fasterxml.jackson.databind."));
    }

    /** Reads the shell's preferences as the app does before its first frame; prints what it read. */
    static final class ReadShellPreferences {
        public static void main(String[] args) {
            ShellPreferences read = ShellPreferences.read(Preferences.load(new File(args[0]).toPath()));
            System.out.println(read.theme() + " " + read.window().width());
        }
    }
}
