package io.pipewright.home;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    record Columns(java.util.List<String> names, long limit, double width, boolean shown, String note) {
    }

    /** The file as Jackson's data binding wrote it before the reader went streaming: the same bytes both ways. */
    @Test
    void theFileIsTheOneTheDataBinderWroteAndReads(@TempDir Path folder) throws Exception {
        var binder = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode tree = binder.createObjectNode();
        tree.set("window", binder.valueToTree(new Window(1100, 700.5)));
        tree.set("columns", binder.valueToTree(new Columns(java.util.List.of("accuracy", "é \"quoted\""), 12_345_678_901L, 0.1, true, null)));
        tree.put("unknown", 3);
        Path file = folder.resolve("preferences.json");
        byte[] written = binder.writeValueAsBytes(tree);
        Files.write(file, written);

        var preferences = Preferences.load(file);
        assertThat(preferences.problem()).isEmpty();
        assertThat(preferences.get("window", Window.class, null)).isEqualTo(new Window(1100, 700.5));
        assertThat(preferences.get("columns", Columns.class, null))
                .isEqualTo(new Columns(java.util.List.of("accuracy", "é \"quoted\""), 12_345_678_901L, 0.1, true, null));
        assertThat(preferences.section("window")).get().isEqualTo(Map.of("width", 1100.0, "height", 700.5));

        preferences.put("theme", new Theme("dark"));
        tree.set("theme", binder.valueToTree(new Theme("dark")));
        assertThat(Files.readString(file)).as("unchanged sections, the new one, and the layout, as the binder writes them")
                .isEqualTo(binder.writeValueAsString(tree));
        assertThat(binder.readTree(file.toFile())).isEqualTo(tree);
    }

    @Test
    void anEmptyFileIsReportedAsHoldingNothing(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("preferences.json");
        Files.writeString(file, "  ");
        assertThat(Preferences.load(file).problem()).get().asString().contains("expected a JSON object, found nothing");
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
