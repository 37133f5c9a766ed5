package io.pipewright.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreferencesTest {

    record Window(double width, double height) {
    }

    record Theme(String name) {
    }

    @Test
    void sectionsSurviveAReload(@TempDir Path folder) {
        Path file = folder.resolve("preferences.json");
        var preferences = Preferences.load(file);
        assertThat(preferences.get("window", Window.class, null)).isNull();
        preferences.put("window", new Window(1100, 700));
        preferences.put("theme", new Theme("dark"));

        var reloaded = Preferences.load(file);
        assertThat(reloaded.problem()).isEmpty();
        assertThat(reloaded.get("window", Window.class, null)).isEqualTo(new Window(1100, 700));
        assertThat(reloaded.get("theme", Theme.class, null)).isEqualTo(new Theme("dark"));
    }

    @Test
    void aMalformedFileIsKeptAsideAndDefaultsAreUsed(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("preferences.json");
        String broken = "{\n  \"theme\": {\"name\": \"dark\"},\n  \"window\": {\"width\": 11\n";
        Files.writeString(file, broken);

        var preferences = Preferences.load(file);
        assertThat(preferences.problem()).get().asString()
                .startsWith("preferences.json: line ")
                .contains("defaults used")
                .contains("preferences.json.broken")
                .doesNotContain("\n");
        assertThat(preferences.get("theme", Theme.class, new Theme("light"))).isEqualTo(new Theme("light"));
        assertThat(Files.readString(folder.resolve("preferences.json.broken"))).isEqualTo(broken);

        preferences.put("theme", new Theme("dark"));
        assertThat(Preferences.load(file).get("theme", Theme.class, null)).isEqualTo(new Theme("dark"));
        assertThat(Files.readString(folder.resolve("preferences.json.broken"))).as("the person's file is not lost").isEqualTo(broken);
    }

    @Test
    void aSectionOfTheWrongShapeFallsBackAlone(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("preferences.json");
        Files.writeString(file, "{\"window\": \"big\", \"theme\": {\"name\": \"dark\"}}");
        var preferences = Preferences.load(file);
        assertThat(preferences.problem()).isEmpty();
        assertThat(preferences.get("window", Window.class, new Window(1, 2))).isEqualTo(new Window(1, 2));
        assertThat(preferences.get("theme", Theme.class, null)).isEqualTo(new Theme("dark"));
    }

    @Test
    void aFileThatIsNotAnObjectIsReported(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("preferences.json");
        Files.writeString(file, "[1, 2]");
        assertThat(Preferences.load(file).problem()).get().asString().contains("expected a JSON object, found array");
    }

    @Test
    void homeResolutionPrefersOptionThenEnvironment(@TempDir Path folder) {
        Path option = folder.resolve("a");
        Path environment = folder.resolve("b");
        assertThat(PipewrightHome.resolve(option, Map.of("PIPEWRIGHT_HOME", environment.toString())).root()).isEqualTo(option);
        assertThat(PipewrightHome.resolve(null, Map.of("PIPEWRIGHT_HOME", environment.toString())).root()).isEqualTo(environment);
        assertThat(PipewrightHome.resolve(null, Map.of()).root())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".pipewright").toAbsolutePath());
    }
}
