package io.pipewright;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** Named pipes for tests of outputs that are not regular files ({@code /dev/stdout}, a pipe to another program). */
public final class NamedPipes {
    private NamedPipes() {
    }

    /** Makes a named pipe at {@code fifo} (mkfifo) and starts reading all that is written into it. */
    public static CompletableFuture<String> readAll(Path fifo) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).as("mkfifo").isZero();
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
