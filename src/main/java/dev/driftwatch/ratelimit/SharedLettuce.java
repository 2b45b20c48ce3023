package dev.driftwatch.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One Lettuce connection used by every limiter check with the same URL, CA certificate and limiter timeout (preview
 * environments sharing one Redis under their own prefixes): a fleet costs a connection per Redis, not per
 * environment. A lost or restored connection wakes every check that uses it. Closed with its last user.
 *
 * <p>The new-client verification (connect, handshake, PING with the app's URL) answers the same question for every
 * user: whether a fresh app instance gets a connection to this Redis now. A successful verification is shared by the
 * other users that ask within {@link #VERIFICATION_REUSE} of its end, and users asking while one is running wait for
 * it rather than start their own: 1,000 environments on one Redis cost about one handshake a second, not 33. A
 * user's own next run, a failure, and a lost or restored connection always verify anew, so a change (a password
 * set, a restart) is seen at the next run of whichever environment saw the old state.
 */
final class SharedLettuce {
    static final Duration VERIFICATION_REUSE = Duration.ofSeconds(1);

    private final LettuceTransport transport;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Object verifying = new Object();
    private volatile Verification last;

    /** A verification's answer (the time it took) or failure, when it ended, and the user it was made for. */
    private record Verification(long endedNanos, Optional<Duration> took, RedisFailure failure, Object user) {
        boolean reusableBy(Object asker, long now) {
            return failure == null && user != asker && now - endedNanos < VERIFICATION_REUSE.toNanos();
        }

        Optional<Duration> answer() throws RedisFailure {
            if (failure != null) {
                throw new RedisFailure(failure.kind(), failure.getMessage());
            }
            return took;
        }
    }

    SharedLettuce(java.util.function.Function<Runnable, LettuceTransport> open) {
        this.transport = open.apply(() -> {
            last = null;
            listeners.forEach(Runnable::run);
        });
    }

    /** A user's view: the shared transport, whose close() releases this user only. */
    RedisTransport join(Runnable onChange, Runnable onLastLeave) {
        listeners.add(onChange);
        return new RedisTransport() {
            private boolean closed;

            @Override
            public List<?> evalsha(String sha, List<String> keys, List<String> args, Duration timeout) throws RedisFailure {
                return transport.evalsha(sha, keys, args, timeout);
            }

            @Override
            public List<?> eval(String script, List<String> keys, List<String> args, Duration timeout) throws RedisFailure {
                return transport.eval(script, keys, args, timeout);
            }

            @Override
            public Optional<Duration> verifyNewClient(Duration timeout) throws RedisFailure {
                return verification(this, timeout).answer();
            }

            @Override
            public Map<String, String> inspectAndDelete(List<String> canaryKeys, Duration timeout) throws RedisFailure {
                return transport.inspectAndDelete(canaryKeys, timeout);
            }

            @Override
            public String display() {
                return transport.display();
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    listeners.remove(onChange);
                    onLastLeave.run();
                }
            }
        };
    }

    private Verification verification(Object user, Duration timeout) {
        Verification v = last;
        if (v != null && v.reusableBy(user, System.nanoTime())) {
            return v;
        }
        synchronized (verifying) {
            v = last;
            if (v != null && v.reusableBy(user, System.nanoTime())) {
                return v;
            }
            Optional<Duration> took = Optional.empty();
            RedisFailure failure = null;
            try {
                took = transport.verifyNewClient(timeout);
            } catch (RedisFailure f) {
                failure = f;
            }
            last = v = new Verification(System.nanoTime(), took, failure, user);
            return v;
        }
    }

    boolean unused() {
        return listeners.isEmpty();
    }

    void close() {
        transport.close();
    }
}
