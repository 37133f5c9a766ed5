package io.pipewright.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replacing an earlier export removes its folder tree without following a link in it out of the folder. */
class BundleLinksTest {
    @TempDir
    Path dir;

    @Test
    void reExportingOverAFolderHoldingALinkLeavesWhatTheLinkPointsAt() throws Exception {
        var bundle = new Bundle("credit-bundle");
        bundle.text("README.md", "# credit\n");
        Path written = bundle.writeTo(dir.resolve("out"));
        Path precious = Files.createDirectories(dir.resolve("precious"));
        Files.writeString(precious.resolve("keep.txt"), "not the bundle's");
        Files.createSymbolicLink(written.resolve("data"), precious);
        Files.createSymbolicLink(written.resolve("loop"), written);
        Files.createDirectories(dir.resolve("out/.credit-bundle.part"));
        Files.createSymbolicLink(dir.resolve("out/.credit-bundle.part/data"), precious);

        Path again = bundle.writeTo(dir.resolve("out"));

        assertThat(again.resolve("README.md")).hasContent("# credit\n");
        assertThat(again.resolve("data")).doesNotExist();
        assertThat(precious.resolve("keep.txt")).hasContent("not the bundle's");
        assertThat(dir.resolve("out/.credit-bundle.old")).doesNotExist();
    }
}
