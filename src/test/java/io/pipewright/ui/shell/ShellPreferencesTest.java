package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.home.Preferences;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellPreferencesTest {

    @Test
    void theLastFolderIsKeptBesideTheThemeAndAnOlderFileReadsWithoutOne(@TempDir Path home) throws Exception {
        Path file = home.resolve("preferences.json");
        Preferences.load(file).put(ShellPreferences.SECTION, ShellPreferences.DEFAULT.withTheme(Theme.DARK).withLastFolder("/data/churn"));
        ShellPreferences read = Preferences.load(file).get(ShellPreferences.SECTION, ShellPreferences.class, ShellPreferences.DEFAULT);
        assertThat(read.lastFolder()).isEqualTo("/data/churn");
        assertThat(read.theme()).isEqualTo(Theme.DARK);

        Files.writeString(file, "{\"shell\": {\"theme\": \"LIGHT\"}}");
        assertThat(Preferences.load(file).get(ShellPreferences.SECTION, ShellPreferences.class, ShellPreferences.DEFAULT).lastFolder()).isNull();
    }
}
