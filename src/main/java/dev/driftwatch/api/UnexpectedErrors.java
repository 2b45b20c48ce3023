package dev.driftwatch.api;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Logs unexpected errors once per kind (exception class and where it was thrown) per minute, with the path but never
 * the query string or the exception message (either may carry what a caller typed, or a secret), so that a caller
 * cannot flood the log.
 */
@ApplicationScoped
public class UnexpectedErrors {
    private static final Logger LOG = Logger.getLogger(UnexpectedErrors.class);
    static final Duration QUIET = Duration.ofMinutes(1);

    private final Map<String, Instant> lastLogged = new ConcurrentHashMap<>();
    private final Map<String, Long> suppressed = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    void log(Throwable error, String path) {
        String kind = kind(error);
        Instant now = clock.instant();
        Instant last = lastLogged.get(kind);
        if (last != null && now.isBefore(last.plus(QUIET))) {
            suppressed.merge(kind, 1L, Long::sum);
            return;
        }
        lastLogged.put(kind, now);
        Long more = suppressed.remove(kind);
        LOG.errorf("unexpected error answering %s: %s%s", QueryParameters.quoted(path), kind,
                more == null ? "" : " (and " + more + " more in the last minute)");
    }

    private static String kind(Throwable error) {
        if (error == null) {
            return "unknown";
        }
        StackTraceElement[] trace = error.getStackTrace();
        String at = trace.length == 0 ? "" : " at " + trace[0].getClassName() + "." + trace[0].getMethodName() + ":" + trace[0].getLineNumber();
        return error.getClass().getName() + at;
    }
}
