package io.pipewright.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files built to attack the reader: each is refused quickly, in one line naming the file and what was refused. */
class HostileModelTest {
    /** Shared by the tests: the real model every hostile file takes its manifest from is trained once. */
    @TempDir
    static Path dir;

    /** Bytes the calling thread has allocated so far (HotSpot's count). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void aSmallFileWhosePayloadExpandsToAGigabyteIsRefusedWithoutInflatingIt() {
        Path real = HostileModels.forest(dir);
        long declared = ModelArtifact.read(real).manifest().payload().bytes();
        Path bomb = HostileModels.inflating(real, dir.resolve("bomb.pwmodel"), 1L << 30);
        assertThat(bomb.toFile().length()).as("about 1 MB on disk").isLessThan(2L << 20);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            long before = allocated();
            Throwable refused = catchThrowable(() -> ModelArtifact.read(bomb));
            long used = allocated() - before;
            assertThat(refused).isInstanceOf(IllegalArgumentException.class).hasMessage("bomb.pwmodel: payload.bin expands past the " + declared
                    + " bytes its manifest declares (the file was changed or damaged); it was not loaded");
            // tolerance: the declared payload (about 20 KB), the zip's buffers and the manifest; the gigabyte is never held
            assertThat(used).as("bytes allocated while refusing it").isLessThan(16L << 20);
        });
    }

    @Test
    void aPayloadShorterThanItsManifestSaysIsRefused() throws Exception {
        Path real = HostileModels.forest(dir);
        var loaded = ModelArtifact.read(real);
        byte[] payload = loaded.model().estimator().payload();
        Path forged = HostileModels.withPayload(real, dir.resolve("short.pwmodel"), "random_forest", payload);
        // the manifest of another file with the same hash but a larger size
        Path truncated = dir.resolve("truncated.pwmodel");
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(forged));
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(truncated))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                out.write(entry.getName().equals("payload.bin") ? java.util.Arrays.copyOf(bytes, bytes.length - 100) : bytes);
                out.closeEntry();
            }
        }
        assertThat(catchThrowable(() -> ModelArtifact.read(truncated))).hasMessage("truncated.pwmodel: payload.bin has " + (payload.length - 100)
                + " bytes where its manifest declares " + payload.length + " (the file was changed or damaged); it was not loaded");
    }

    @Test
    void aUrlGadgetIsRefusedNamingTheFileAndTheClass() {
        Path gadget = HostileModels.smile(dir, "gadget.pwmodel", HostileModels.urlGadget());
        assertThat(catchThrowable(() -> ModelArtifact.read(gadget))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gadget.pwmodel: the model payload holds a java.net.URL, which a model may not contain; it was not loaded");
    }

    @Test
    void fortyLevelsOfMapsUsedAsKeysAreRefusedQuicklyInsteadOfHanging() {
        Path bomb = HostileModels.smile(dir, "laughs.pwmodel", HostileModels.hashBomb(40));
        assertThat(bomb.toFile().length()).as("a small file").isLessThan(30_000);
        assertThat(HostileModels.serialize(HostileModels.hashBomb(40)).length).as("a payload of a few KB").isLessThan(5_000);
        Throwable refused = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> catchThrowable(() -> ModelArtifact.read(bomb)));
        assertThat(refused).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("laughs.pwmodel: the model payload uses a java.util.HashMap as the key of a java.util.HashMap, which no model does"
                        + " (a payload built to hang the reader); it was not loaded");
    }

    @Test
    void anArrayLongerThanThePayloadCanHoldIsRefusedBeforeItIsAllocated() {
        byte[] lie = HostileModels.lyingArray(Integer.MAX_VALUE - 16);
        Throwable refused = catchThrowable(() -> PayloadObjects.read(lie));
        assertThat(refused).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the model payload declares a double array of "
                + (Integer.MAX_VALUE - 16) + " elements, more than the ").hasMessageEndingWith(" bytes left can hold; it was not loaded");
    }

    @Test
    void objectsNestedDeeperThanTheLimitAreRefused() {
        Throwable refused = catchThrowable(() -> PayloadObjects.read(HostileModels.serialize(HostileModels.deepChain(PayloadObjects.MAX_DEPTH + 50))));
        assertThat(refused).hasMessageStartingWith("the model payload nests objects more than " + PayloadObjects.MAX_DEPTH + " levels deep");
        assertThat(PayloadObjects.read(HostileModels.serialize(HostileModels.deepChain(PayloadObjects.MAX_DEPTH - 20)))).isInstanceOf(java.util.Map.class);
    }

    @Test
    void aDamagedXGBoostModelIsRefusedInOurWords() {
        Path real = HostileModels.forest(dir);
        byte[] garbage = "{\"learner\": {\"attributes\": ".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path damaged = HostileModels.withPayload(real, dir.resolve("damaged.pwmodel"), "xgboost", garbage);
        Throwable refused = catchThrowable(() -> ModelArtifact.read(damaged));
        assertThat(refused).isInstanceOf(IllegalArgumentException.class).hasMessage("damaged.pwmodel: its XGBoost model cannot be read (damaged, or not a"
                + " model this Pipewright's XGBoost wrote); it was not loaded");
    }

    @Test
    void xgboostsNativeMessageLosesItsSourcePathsAndStack() {
        var error = new ml.dmlc.xgboost4j.java.XGBoostError("[01:10:45] /workspace/src/data/data.cc:1161: Check failed: valid: Input data contains `inf`"
                + " or a value too large, while `missing` is not set to `inf`\nStack trace:\n  [bt] (0) /tmp/libxgboost4j.so(dmlc::LogMessageFatal+0x6e)");
        assertThat(XGBoostAlgorithm.failure("predict", error)).hasMessage("XGBoost could not predict: Input data contains 'inf' or a value too large,"
                + " while 'missing' is not set to 'inf'");
    }
}
