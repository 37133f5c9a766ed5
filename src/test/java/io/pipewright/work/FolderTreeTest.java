package io.pipewright.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder read as a tree follows links only inside itself, never in a loop, and reads each folder once. Real links in a temporary folder. */
class FolderTreeTest {
    @TempDir
    Path dir;

    private Path tree() throws Exception {
        Path root = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(Files.createDirectories(root.resolve("a")).resolve("one.txt"), "1");
        Files.writeString(Files.createDirectories(root.resolve("b/c")).resolve("two.txt"), "2");
        return root;
    }

    @Test
    void filesAreFoundThroughLinksThatStayInside() throws Exception {
        Path root = tree();
        Files.createSymbolicLink(root.resolve("a/to-two.txt"), root.resolve("b/c/two.txt"));
        Files.createSymbolicLink(root.resolve("a/relative"), Path.of("../b/c"));
        var files = FolderTree.of(root).files(root.resolve("a"));
        assertThat(files).containsOnlyKeys("one.txt", "relative/two.txt", "to-two.txt");
        assertThat(FolderTree.read(files.get("relative/two.txt"))).isEqualTo("2");
        assertThat(files.get("to-two.txt")).isEqualTo(root.resolve("b/c/two.txt").toRealPath());
    }

    @Test
    void aLinkOutOfTheFolderIsRefusedNamingTheLinkAndWhereItLeads() throws Exception {
        Path root = tree();
        Path outside = Files.writeString(dir.resolve("outside.txt"), "not yours");
        Files.createSymbolicLink(root.resolve("b/c/leak.txt"), outside);
        var tree = FolderTree.of(root);
        String expected = root.resolve("b/c/leak.txt") + ": a link to " + outside.toRealPath() + ", outside the folder " + root
                + "; links out of the folder being read are not followed";
        assertThat(catchThrowable(() -> tree.files(root))).isInstanceOf(FolderTree.LinkException.class).hasMessage(expected);
        assertThat(catchThrowable(() -> tree.list(root.resolve("b/c")))).hasMessage(expected);
        // one level up through "..": the same
        Files.delete(root.resolve("b/c/leak.txt"));
        Files.createSymbolicLink(root.resolve("b/up"), Path.of("../.."));
        assertThat(catchThrowable(() -> tree.files(root))).hasMessageStartingWith(root.resolve("b/up") + ": a link to " + dir.toRealPath() + ",");
        // a link the caller does not want is no reason to refuse the folder
        assertThat(tree.list(root.resolve("b"), path -> !path.getFileName().toString().equals("up"))).containsExactly(root.resolve("b/c"));
    }

    @Test
    void loopsAndLinksToNothingAreRefused() throws Exception {
        Path root = tree();
        var tree = FolderTree.of(root);
        Files.createSymbolicLink(root.resolve("b/c/back"), root.resolve("b"));
        assertThat(catchThrowable(() -> tree.files(root))).isInstanceOf(FolderTree.LinkException.class)
                .hasMessage(root.resolve("b/c/back") + ": a link back to " + root.resolve("b") + ", a folder it is in (a loop); links that loop are refused");
        // a link above the folder being walked loops as well
        assertThat(catchThrowable(() -> tree.files(root.resolve("b/c")))).hasMessageStartingWith(root.resolve("b/c/back") + ": a link back to ");
        Files.delete(root.resolve("b/c/back"));
        Files.createSymbolicLink(root.resolve("a/x"), root.resolve("a/y"));
        Files.createSymbolicLink(root.resolve("a/y"), root.resolve("a/x"));
        assertThat(catchThrowable(() -> tree.files(root)))
                .hasMessage(root.resolve("a/x") + ": a link that leads back to itself (a loop); links that loop are refused");
        Files.delete(root.resolve("a/x"));
        Files.delete(root.resolve("a/y"));
        Files.createSymbolicLink(root.resolve("a/gone"), root.resolve("a/deleted.txt"));
        assertThat(catchThrowable(() -> tree.files(root))).hasMessage(root.resolve("a/gone") + ": a link to nothing (" + root.resolve("a/deleted.txt") + ")");
    }

    @Test
    void linksCannotMultiplyTheWork() throws Exception {
        // each folder holds two links to the next: 2^20 paths if links were followed blindly
        Path root = Files.createDirectories(dir.resolve("bomb"));
        for (int level = 0; level < 20; level++) {
            Path folder = Files.createDirectories(root.resolve("d" + level));
            Files.writeString(folder.resolve("f.txt"), "x");
            Files.createSymbolicLink(folder.resolve("left"), root.resolve("d" + (level + 1)));
            Files.createSymbolicLink(folder.resolve("right"), root.resolve("d" + (level + 1)));
        }
        Files.createDirectories(root.resolve("d20"));
        assertThat(catchThrowable(() -> FolderTree.of(root).files(root.resolve("d0")))).isInstanceOf(FolderTree.LinkException.class)
                .hasMessageEndingWith("a folder also reached another way through a link; each folder is read once");
    }

    @Test
    void pipesAndDevicesAreLeftOut() throws Exception {
        Path root = tree();
        Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("a/pipe").toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        assertThat(FolderTree.of(root).files(root)).containsOnlyKeys("a/one.txt", "b/c/two.txt");
    }
}
