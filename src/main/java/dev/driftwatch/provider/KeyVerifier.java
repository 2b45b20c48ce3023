package dev.driftwatch.provider;

import dev.driftwatch.config.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Spends requests to providers sparingly: one request per distinct key (type, base URL, key) per minimum interval,
 * however many environments share the key; none while backing off after a 429 (at least Retry-After, doubling with
 * each 429 in a row, at most {@code maxBackoff}); none beyond the global per-minute budget. In between, every check
 * of the key gets the latest answer again.
 */
final class KeyVerifier {
    private final Clock clock;
    private final OutboundBudget budget;
    private final Duration maxBackoff;
    private final Map<ProviderKey, KeyState> states = new ConcurrentHashMap<>();

    /** The latest answer for one key; fields are guarded by {@code lock}, which also makes requests single-flight. */
    private static final class KeyState {
        final ReentrantLock lock = new ReentrantLock();
        Checked last;
        Instant backoffUntil;
        int rateLimitedInARow;
    }

    /** A verification and when its request was sent. */
    record Checked(Verification verification, Instant at) {
    }

    /**
     * The answer for one check.
     *
     * @param checked      the verification it reports, or null when there is none to report
     * @param fresh        true when this call sent the request
     * @param backoffUntil no request for this key before then, or null
     * @param note         why no request was sent although one was due, or null
     */
    record Answer(Checked checked, boolean fresh, Instant backoffUntil, String note) {
    }

    KeyVerifier(Clock clock, OutboundBudget budget, Duration maxBackoff) {
        this.clock = clock;
        this.budget = budget;
        this.maxBackoff = maxBackoff;
    }

    /**
     * Answers for {@code target}, sending {@code request} only when the key's latest answer is older than
     * {@code minInterval}, no backoff is running and the budget allows; waits at most {@code wait} for a request
     * that another check of the same key has in flight.
     */
    Answer verify(ProviderKey target, Duration minInterval, Duration wait, Supplier<Verification> request) {
        KeyState state = states.computeIfAbsent(target, t -> new KeyState());
        try {
            if (!state.lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Answer(null, false, null, "a request for the same key (another environment's check) "
                        + "did not finish within " + Durations.format(wait));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(null, false, null, "interrupted while waiting for a request for the same key");
        }
        try {
            Instant now = clock.instant();
            Checked last = state.last;
            if (state.backoffUntil != null && now.isBefore(state.backoffUntil)) {
                return new Answer(last, false, state.backoffUntil, null);
            }
            if (last != null && Duration.between(last.at(), now).compareTo(minInterval) < 0) {
                return new Answer(last, false, null, null);
            }
            if (!budget.tryAcquire()) {
                return new Answer(last, false, null, "not sent: driftwatch's cap of " + budget.perMinute()
                        + " provider requests per minute is reached (driftwatch.provider.max-requests-per-minute)");
            }
            Verification v = request.get();
            Checked checked = new Checked(v, clock.instant());
            state.last = checked;
            if (v.rateLimited()) {
                state.rateLimitedInARow++;
                state.backoffUntil = checked.at().plus(backoff(minInterval, v.retryAfter(), state.rateLimitedInARow));
            } else {
                state.rateLimitedInARow = 0;
                state.backoffUntil = null;
            }
            return new Answer(checked, true, state.backoffUntil, null);
        } finally {
            state.lock.unlock();
        }
    }

    private Duration backoff(Duration minInterval, Duration retryAfter, int inARow) {
        Duration doubled = minInterval.multipliedBy(1L << Math.min(inARow - 1, 20));
        Duration wait = retryAfter != null && retryAfter.compareTo(doubled) > 0 ? retryAfter : doubled;
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /** Forgets keys no check uses any more. */
    void retain(Set<ProviderKey> live) {
        states.keySet().retainAll(live);
    }
}
