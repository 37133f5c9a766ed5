package io.pipewright.home;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Pipewright's logging, set up in code (logback finds this class through
 * {@code META-INF/services}): the home's {@code logs/pipewright.log}, rolled at 10 MB into
 * {@code pipewright.1.log.gz} (the newest) to {@code pipewright.20.log.gz}, and warnings only on stderr, one line each. Building the same thing from a
 * {@code logback.xml} loads an XML parser and some 500 classes, about 0.3 s of every command's CPU.
 * A {@code -Dlogback.configurationFile=...}, or a {@code logback-test.xml} on the class path,
 * still takes precedence.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {
    /** Set from the home folder before the first logger exists. */
    public static final String FOLDER_PROPERTY = "pipewright.logs";
    /** The lowest level that also goes to stderr (WARN unless set). */
    public static final String CONSOLE_LEVEL_PROPERTY = "pipewright.console.level";
    /** Compressed files kept besides the current one, 10 MB each before compression. */
    static final int KEPT_FILES = 20;

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogConfiguration.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        install(context, Path.of(System.getProperty(FOLDER_PROPERTY, Path.of(System.getProperty("java.io.tmpdir"), "pipewright-logs").toString())));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    void install(LoggerContext context, Path folder) {
        var file = new RollingFileAppender<ILoggingEvent>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(folder.resolve("pipewright.log").toString());
        // rolled by size alone: a policy by date formats dates in every way it might be asked to, to find its period,
        // and starting it took 0.1 s of every process (the CLI's quick commands are 0.5 s in all)
        var rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(folder.resolve("pipewright.%i.log.gz").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(KEPT_FILES);
        rolling.start();
        file.setRollingPolicy(rolling);
        var trigger = new SizeBasedTriggeringPolicy<ILoggingEvent>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf("10MB"));
        trigger.start();
        file.setTriggeringPolicy(trigger);
        file.setEncoder(start(new LineEncoder(true), context));
        file.start();

        var console = new ConsoleAppender<ILoggingEvent>();
        console.setContext(context);
        console.setName("STDERR");
        console.setTarget(ch.qos.logback.core.joran.spi.ConsoleTarget.SystemErr.getName());
        var threshold = new ThresholdFilter();
        threshold.setLevel(System.getProperty(CONSOLE_LEVEL_PROPERTY, "WARN"));
        threshold.start();
        console.addFilter(threshold);
        console.setEncoder(start(new LineEncoder(false), context));
        console.start();

        var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(file);
        root.addAppender(console);
        for (String noisy : new String[] {"org.flywaydb", "org.eclipse.jetty", "h2database"}) {
            context.getLogger(noisy).setLevel(Level.WARN);
        }
    }

    private static LineEncoder start(LineEncoder encoder, LoggerContext context) {
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }

    /**
     * One line per event: in the file {@code 2026-11-27 09:00:00,123 INFO  [thread] logger - message}
     * and the stack trace, if any; on stderr {@code WARN: message}. Written by hand because logback's
     * PatternLayout registers some 70 converters as lambdas when first used, and spinning their
     * classes cost more than the rest of the logging setup together.
     */
    static final class LineEncoder extends EncoderBase<ILoggingEvent> {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
        private final boolean detailed;

        LineEncoder(boolean detailed) {
            this.detailed = detailed;
        }

        @Override
        public byte[] headerBytes() {
            return null;
        }

        @Override
        public byte[] encode(ILoggingEvent event) {
            var line = new StringBuilder(128);
            if (detailed) {
                line.append(TIME.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), ZoneId.systemDefault())))
                        .append(' ');
                String level = event.getLevel().toString();
                line.append(level).append(" ".repeat(Math.max(0, 5 - level.length())))
                        .append(" [").append(event.getThreadName()).append("] ")
                        .append(event.getLoggerName()).append(" - ").append(event.getFormattedMessage()).append(System.lineSeparator());
                IThrowableProxy thrown = event.getThrowableProxy();
                if (thrown != null) {
                    line.append(ThrowableProxyUtil.asString(thrown)).append(System.lineSeparator());
                }
            } else {
                line.append(event.getLevel()).append(": ").append(event.getFormattedMessage()).append(System.lineSeparator());
            }
            return line.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] footerBytes() {
            return null;
        }
    }
}
