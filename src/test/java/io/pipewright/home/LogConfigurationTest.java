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
}
