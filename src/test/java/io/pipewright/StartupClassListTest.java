package io.pipewright;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The class list of the class-data archive ({@code src/main/cds/pipewright.classlist}) still names the classes the
 * starts load: a class renamed or moved since it was written is left out of the archive and loads as slowly as
 * before, so when too many are gone it is time to write the list again.
 */
class StartupClassListTest {
    @Test
    void namesClassesThatStillExistIncludingTheCommandLineStoreAndWindow() throws IOException {
        var ours = Files.readAllLines(Path.of("src", "main", "cds", "pipewright.classlist")).stream()
                .filter(line -> line.startsWith("io/pipewright/") && !line.contains("$$Lambda"))
                .map(line -> line.split(" ")[0])
                .toList();
        assertThat(ours).hasSizeGreaterThan(300)
                .contains("io/pipewright/Main", "io/pipewright/cli/InfoCommand", "io/pipewright/track/Store", "io/pipewright/ui/shell/MainWindow");
        long missing = ours.stream().filter(name -> StartupClassListTest.class.getClassLoader().getResource(name + ".class") == null).count();
        assertThat((double) missing / ours.size())
                .as("share of the list's classes that no longer exist (%d of %d): write the list again with "
                        + "xvfb-run -a -s \"-screen 0 1280x800x24\" mvn -q test-compile exec:exec -Dbench=StartupClassList", missing, ours.size())
                .isLessThan(0.05);
    }
}
