package dev.kafkatorio.pipe;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Collects the INFO-and-up lines kafka-pipe logs on one thread, for tests that bound log volume. */
final class LogCapture implements AutoCloseable {

    final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final LoggerConfig config = context.getConfiguration().getLoggerConfig("dev.kafkatorio");
    private final AbstractAppender appender;

    LogCapture(Thread thread) {
        String threadName = thread.getName();
        appender = new AbstractAppender("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent e) {
                if (threadName.equals(e.getThreadName()) && e.getLevel().isMoreSpecificThan(Level.INFO)) {
                    lines.add(e.getLevel() + " " + e.getLoggerName() + " " + e.getMessage().getFormattedMessage());
                }
            }
        };
        appender.start();
        config.addAppender(appender, Level.INFO, null);
        context.updateLoggers();
    }

    @Override
    public void close() {
        config.removeAppender(appender.getName());
        appender.stop();
        context.updateLoggers();
    }
}
