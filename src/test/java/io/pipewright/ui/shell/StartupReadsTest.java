package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipewright.home.PipewrightHome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupReadsTest {

    @Test
    void theAppTakesTheReadsBegunForItsHomeAndReadsAnotherHomeItself(@TempDir Path folder) throws Exception {
        var begun = new PipewrightHome(folder.resolve("a"));
        Files.createDirectories(begun.root());
        Files.writeString(begun.preferencesFile(), "{\"shell\": {\"theme\": \"DARK\"}}");
        StartupReads.begin(begun, Runnable::run);
        Files.writeString(begun.preferencesFile(), "{\"shell\": {\"theme\": \"LIGHT\"}}");

        StartupReads taken = StartupReads.take(new PipewrightHome(folder.resolve("a")));
        assertThat(taken.shell().theme()).as("what was read while JavaFX started").isEqualTo(Theme.DARK);
        assertThat(taken.samplePipelines().list()).isNotEmpty();
        assertThat(StartupReads.take(begun).shell().theme()).as("taken once; then read again").isEqualTo(Theme.LIGHT);

        StartupReads.begin(begun, Runnable::run);
        var other = new PipewrightHome(folder.resolve("b"));
        assertThat(StartupReads.take(other).home()).isEqualTo(other);
        assertThat(Files.isDirectory(other.logs())).as("the home's folders are made").isTrue();
    }

    @Test
    void aFailedReadIsThrownWhereTheAppTakesIt(@TempDir Path folder) throws Exception {
        Path notAFolder = folder.resolve("file");
        Files.writeString(notAFolder, "x");
        var home = new PipewrightHome(notAFolder);
        StartupReads.begin(home, Runnable::run);
        assertThatThrownBy(() -> StartupReads.take(home)).hasMessageContaining("cannot create folder " + notAFolder);
    }
}
