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
 */
final class SharedLettuce {
    private final LettuceTransport transport;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    SharedLettuce(java.util.function.Function<Runnable, LettuceTransport> open) {
        this.transport = open.apply(() -> listeners.forEach(Runnable::run));
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
                return transport.verifyNewClient(timeout);
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

    boolean unused() {
        return listeners.isEmpty();
    }

    void close() {
        transport.close();
    }
}
