package io.pipewright.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where file dialogs start, decided without a dialog (a FileChooser cannot be driven under Monocle). */
class ChooserFolderTest {
    @TempDir
    Path root;

    private final List<Path> saved = new ArrayList<>();

    @Test
    void withNothingChosenYetADialogStartsInTheSuggestedFolderElseTheHomeFolder() throws Exception {
        Path userHome = Files.createDirectories(root.resolve("home"));
        Path samples = Files.createDirectories(root.resolve("samples"));
        var folders = new ChooserFolder(null, userHome, saved::add);

        assertThat(folders.initial(samples)).contains(samples);
        assertThat(folders.initial(root.resolve("missing"))).as("never a folder that is not there").contains(userHome);
        assertThat(folders.initial(null)).contains(userHome);
        assertThat(new ChooserFolder(null, root.resolve("gone"), saved::add).initial(null)).as("nothing: the dialog's own start").isEmpty();
    }

    @Test
    void theNextDialogStartsInTheFolderOfTheLastFileChosenInAnyDialog() throws Exception {
        Path data = Files.createDirectories(root.resolve("projects/churn/data"));
        Path reports = Files.createDirectories(root.resolve("projects/churn/reports"));
        Path samples = Files.createDirectories(root.resolve("samples"));
        var folders = new ChooserFolder(null, root, saved::add);

        folders.chosenFile(data.resolve("customers.csv"));
        assertThat(folders.initial(samples)).as("an open dialog, after a dataset was opened").contains(data);
        assertThat(folders.initial(null)).as("a save dialog").contains(data);

        folders.chosenFile(reports.resolve("profile.html"));
        assertThat(folders.initial(samples)).as("after a report was saved elsewhere").contains(reports);

        folders.chosenFolder(root.resolve("projects"));
        assertThat(folders.initial(null)).as("a chosen folder is itself the start").contains(root.resolve("projects"));

        assertThat(saved).as("each new folder is handed on to be kept").containsExactly(data, reports, root.resolve("projects"));
        folders.chosenFile(root.resolve("projects/notes.txt"));
        assertThat(saved).as("the same folder again is not saved again").hasSize(3);
    }

    @Test
    void aFolderRememberedFromAnEarlierSessionIsUsedWhileItExists() throws Exception {
        Path earlier = Files.createDirectories(root.resolve("earlier"));
        Path samples = Files.createDirectories(root.resolve("samples"));
        var folders = new ChooserFolder(earlier, root, saved::add);
        assertThat(folders.initial(samples)).contains(earlier);

        Files.delete(earlier);
        assertThat(folders.initial(samples)).as("deleted since: the suggested folder").contains(samples);
        assertThat(saved).isEmpty();
    }

    @Test
    void aRelativeChoiceIsRememberedAsAnAbsoluteFolder() {
        var folders = new ChooserFolder(null, null, saved::add);
        folders.chosenFile(Path.of("report.html"));
        assertThat(folders.last()).contains(Path.of("").toAbsolutePath());
    }
}
