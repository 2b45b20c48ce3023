package dev.driftwatch.config;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.InjectableContext;
import io.quarkus.logging.LoggingFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The redactor over every log line, whoever wrote it (driftwatch, a library, a stack trace): the formatted message and
 * the message of each exception in the thrown chain lose every configured secret, after any truncation done by the
 * code that logged. Enabled on the console and file handlers ({@code quarkus.log.*.filter=driftwatch-redact}).
 *
 * <p>Quarkus creates this filter before CDI runs, so it asks the container at log time for the config service that
 * already exists (never creating one from inside a log call), and keeps the last redactor it got for the lines logged
 * after the container stops. It never logs: a line logged while it works (by the container lookup) is dropped.
 */
@LoggingFilter(name = "driftwatch-redact")
public final class RedactingLogFilter implements Filter {
    private static final SimpleFormatter JUL_MESSAGES = new SimpleFormatter();

    private final ThreadLocal<Boolean> working = new ThreadLocal<>();
    private volatile ArcContainer lookedUpIn;
    private volatile Bean<?> configBean;
    private volatile Redactor last = new Redactor(java.util.List.of());

    @Override
    public boolean isLoggable(LogRecord record) {
        if (working.get() != null) {
            return false;
        }
        working.set(Boolean.TRUE);
        try {
            Redactor redactor = redactor();
            if (!redactor.isEmpty()) {
                scrub(record, redactor);
            }
        } catch (RuntimeException e) {
            withhold(record, e);
        } finally {
            working.remove();
        }
        return true;
    }

    private Redactor redactor() {
        ArcContainer arc = Arc.container();
        if (arc == null || !arc.isRunning()) {
            return last;
        }
        if (lookedUpIn != arc) {
            BeanManager beans = arc.beanManager();
            configBean = beans.resolve(beans.getBeans(ConfigService.class));
            lookedUpIn = arc;
        }
        InjectableContext context = arc.getActiveContext(ApplicationScoped.class);
        Object service = context == null || configBean == null ? null : context.get(configBean);
        if (service instanceof ConfigService config) {
            last = config.redactor();
        }
        return last;
    }

    static void scrub(LogRecord record, Redactor redactor) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : JUL_MESSAGES.formatMessage(record);
        String scrubbed = redactor.scrub(message);
        if (message != null && !scrubbed.equals(message)) {
            setMessage(record, scrubbed);
        }
        Throwable thrown = record.getThrown();
        if (thrown != null && carriesSecret(thrown, redactor, Collections.newSetFromMap(new IdentityHashMap<>()))) {
            record.setThrown(RedactedThrowable.of(thrown, redactor));
        }
    }

    private static void setMessage(LogRecord record, String text) {
        if (record instanceof ExtLogRecord ext) {
            ext.setMessage(text, ExtLogRecord.FormatStyle.NO_FORMAT);
        } else {
            record.setMessage(text);
        }
        record.setParameters(null);
        record.setResourceBundle(null);
        record.setResourceBundleName(null);
    }

    private static boolean carriesSecret(Throwable t, Redactor redactor, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return false;
        }
        String text = t.toString();
        if (!redactor.scrub(text).equals(text) || carriesSecret(t.getCause(), redactor, seen)) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (carriesSecret(s, redactor, seen)) {
                return true;
            }
        }
        return false;
    }

    /** A line this filter cannot vouch for is replaced, never passed through. */
    private static void withhold(LogRecord record, RuntimeException e) {
        setMessage(record, "(log line withheld: it could not be redacted, " + e.getClass().getSimpleName() + ")");
        record.setThrown(null);
    }
}
