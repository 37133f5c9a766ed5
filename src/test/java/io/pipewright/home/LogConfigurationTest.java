package io.pipewright.home;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogConfigurationTest {
    @TempDir
    Path dir;

    @Test
    void theLogFileGetsInfoAndStackTracesWhileStderrGetsOneLinePerWarning() throws IOException {
        var context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // as SLF4J's binding sets it
        new LogConfiguration().install(context, dir.resolve("logs"));
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender("STDERR"); // its line format is checked below, not printed
        var logger = context.getLogger("io.pipewright.track.Store");
        logger.debug("not kept");
        logger.info("store open at schema version {}", 2);
        logger.warn("cannot read preferences.json", new IllegalStateException("line 3: unexpected end"));
        context.stop();

        String log = Files.readString(dir.resolve("logs/pipewright.log"));
        assertThat(log).doesNotContain("not kept")
                .containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} INFO  \\[[^]]+] io.pipewright.track.Store - store open at schema version 2")
                .contains("WARN  [").contains("- cannot read preferences.json")
                .contains("java.lang.IllegalStateException: line 3: unexpected end").contains("\tat ");

        var warning = new LoggingEvent("x", logger, Level.WARN, "cannot read preferences.json", new IllegalStateException("boom"), null);
        String line = new String(new LogConfiguration.LineEncoder(false).encode(warning), StandardCharsets.UTF_8);
        assertThat(line).isEqualTo("WARN: cannot read preferences.json" + System.lineSeparator());
    }

    @Test
    void aLogPast10MbIsRolledIntoTheFirstCompressedFile() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.write(logs.resolve("pipewright.log"), new byte[10 * 1024 * 1024 + 1]);
        Files.writeString(logs.resolve("pipewright.1.log.gz"), "the older one");
        var context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        new LogConfiguration().install(context, logs);
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender("STDERR");
        context.getLogger("io.pipewright.track.Store").info("store open at schema version {}", 16);
        context.stop();

        assertThat(Files.readString(logs.resolve("pipewright.log"))).contains("store open at schema version 16").hasSizeLessThan(1000);
        try (var gzip = new java.util.zip.GZIPInputStream(Files.newInputStream(logs.resolve("pipewright.1.log.gz")))) {
            assertThat(gzip.readAllBytes()).hasSize(10 * 1024 * 1024 + 1);
        }
        assertThat(Files.readString(logs.resolve("pipewright.2.log.gz"))).isEqualTo("the older one");
    }
}
