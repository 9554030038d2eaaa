package dev.kafkatorio.flink.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures the WARN (and worse) lines one class logs, for tests that count them. It gives the class
 * its own logger config at WARN while capturing (Flink's test jars switch logging off).
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final LoggerContext context;
    private final String name;

    public LogCapture(Class<?> source) {
        super("capture-" + source.getSimpleName() + "-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        name = source.getName();
        context = (LoggerContext) LogManager.getContext(source.getClassLoader(), false);
        Configuration config = context.getConfiguration();
        start();
        config.addAppender(this);
        LoggerConfig logger = new LoggerConfig(name, Level.WARN, false);
        logger.addAppender(this, Level.WARN, null);
        config.removeLogger(name);
        config.addLogger(name, logger);
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        if (event.getLevel().isMoreSpecificThan(Level.WARN)) {
            warnings.add(event.getMessage().getFormattedMessage());
        }
    }

    /** The WARN and ERROR messages so far. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void close() {
        context.getConfiguration().removeLogger(name);
        context.updateLoggers();
        stop();
    }
}
