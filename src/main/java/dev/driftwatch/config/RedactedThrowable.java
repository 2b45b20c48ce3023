package dev.driftwatch.config;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A copy of a logged exception chain whose messages are scrubbed: the same class names (in its text), stack frames,
 * causes and suppressed exceptions, so a stack trace in the log reads as the original one did, without its secrets.
 */
final class RedactedThrowable extends Throwable {
    private final String text;

    private RedactedThrowable(String text, String message) {
        super(message); // the cause is set once, by copy()
        this.text = text;
    }

    static Throwable of(Throwable original, Redactor redactor) {
        return copy(original, redactor, new IdentityHashMap<>());
    }

    private static Throwable copy(Throwable t, Redactor redactor, Map<Throwable, Throwable> copies) {
        Throwable done = copies.get(t);
        if (done != null) {
            return done;
        }
        RedactedThrowable copy = new RedactedThrowable(redactor.scrub(t.toString()), redactor.scrub(t.getMessage()));
        copies.put(t, copy);
        copy.setStackTrace(t.getStackTrace());
        Throwable cause = t.getCause();
        if (cause != null && cause != t) {
            copy.initCause(copy(cause, redactor, copies));
        }
        for (Throwable s : t.getSuppressed()) {
            Throwable suppressed = copy(s, redactor, copies);
            if (suppressed != copy) {
                copy.addSuppressed(suppressed);
            }
        }
        return copy;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // the original's frames are set instead
    }

    @Override
    public String toString() {
        return text;
    }
}
