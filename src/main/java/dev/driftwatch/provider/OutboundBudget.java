package dev.driftwatch.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** The global cap on requests to providers: at most {@code perMinute} in any sliding minute. */
final class OutboundBudget {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perMinute;
    private final Clock clock;
    private final Deque<Instant> sent = new ArrayDeque<>();

    OutboundBudget(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    int perMinute() {
        return perMinute;
    }

    /** Takes one request from the budget; false when the last minute already holds {@code perMinute} requests. */
    synchronized boolean tryAcquire() {
        Instant now = clock.instant();
        while (!sent.isEmpty() && !sent.peekFirst().isAfter(now.minus(WINDOW))) {
            sent.removeFirst();
        }
        if (sent.size() >= perMinute) {
            return false;
        }
        sent.addLast(now);
        return true;
    }
}
