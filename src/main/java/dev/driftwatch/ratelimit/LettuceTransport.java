package dev.driftwatch.ratelimit;

import dev.driftwatch.probe.OutboundFailure;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Redis protocol through Lettuce, connected as the app connects ({@code redis://} or {@code rediss://}, ACL user
 * and password in the URL). One connection, kept open; Lettuce reconnects by itself, and every disconnect and
 * reconnect is reported to {@code onChange} so a lost connection is seen at once, not at the next interval.
 */
final class LettuceTransport implements RedisTransport {
    /** Lettuce's handshake: HELLO (with AUTH), then CLIENT SETINFO; measured as two round trips through a delaying proxy. */
    static final int HANDSHAKE_ROUND_TRIPS = 2;

    private final RedisURI uri;
    private final Duration handshakeTimeout;
    private final RedisClient client;
    private final Runnable onChange;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile boolean closing;
    private volatile boolean keptDown;
    private final reactor.core.Disposable activations;

    LettuceTransport(String url, Path caCertificate, ClientResources resources, Duration limiterTimeout, Runnable onChange) {
        this.uri = RedisURI.create(url);
        // Bounds connect and handshake of every new connection (the kept one's reconnects too): a limiter timeout for
        // each of the handshake's round trips, as each command is bounded by the limiter timeout on its own.
        this.handshakeTimeout = limiterTimeout.multipliedBy(HANDSHAKE_ROUND_TRIPS);
        this.uri.setTimeout(handshakeTimeout);
        this.onChange = onChange;
        this.client = RedisClient.create(resources, uri);
        SslOptions ssl = caCertificate == null ? SslOptions.create() : SslOptions.builder().jdkSslProvider()
                .trustManager(caCertificate.toFile()).build();
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(limiterTimeout).keepAlive(true).build())
                .sslOptions(ssl)
                .build());
        // A reconnect counts once the kept connection is activated (handshake done), not when the socket opens; the
        // short-lived connections of verifyNewClient() come and go on every run and must not trigger runs themselves.
        activations = resources.eventBus().get()
                .filter(e -> e instanceof io.lettuce.core.event.connection.ConnectionActivatedEvent a && sameServer(a.remoteAddress()))
                .subscribe(e -> {
                    StatefulRedisConnection<String, String> kept = connection;
                    if (!closing && keptDown && kept != null && kept.isOpen()) {
                        keptDown = false;
                        onChange.run();
                    }
                }, error -> { });
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(io.lettuce.core.RedisChannelHandler<?, ?> handler) {
                // Each failed reconnect attempt (every 50-250 ms while Redis refuses the handshake) disconnects again:
                // only the first loss wakes the checks, or a password change would start a run per attempt.
                if (!closing && handler == connection && !keptDown) {
                    keptDown = true;
                    onChange.run();
                }
            }

            @Override
            public void onRedisExceptionCaught(io.lettuce.core.RedisChannelHandler<?, ?> handler, Throwable cause) {
            }
        });
    }

    private boolean sameServer(SocketAddress address) {
        return address instanceof java.net.InetSocketAddress a && a.getPort() == uri.getPort()
                && (uri.getHost().equals(a.getHostString()) || a.getAddress() != null
                && (uri.getHost().equals(a.getAddress().getHostAddress()) || uri.getHost().equals(a.getAddress().getHostName())));
    }

    /**
     * {@code client.connect()} with a bound: Lettuce's blocking connect waits without one, and when its event loop is
     * shutting down the connect task is rejected and the future never completes, which would hold the probe (and the
     * daemon's shutdown, which waits for it) forever. The handshake keeps its own timeout (the URI's); this bound
     * only adds the connect timeout on top of it.
     */
    private StatefulRedisConnection<String, String> connectBounded() {
        if (closing) {
            throw new RedisConnectionException("the connection is closing");
        }
        io.lettuce.core.ConnectionFuture<StatefulRedisConnection<String, String>> future =
                client.connectAsync(io.lettuce.core.codec.StringCodec.UTF8, uri);
        Duration bound = uri.getTimeout().plus(client.getOptions().getSocketOptions().getConnectTimeout());
        try {
            return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.thenAccept(StatefulRedisConnection::closeAsync);
            throw new RedisCommandTimeoutException("no answer in time");
        } catch (ExecutionException e) {
            // as Lettuce's own connect() reports it (AbstractRedisClient.getConnection)
            Throwable cause = e.getCause() instanceof io.lettuce.core.RedisCommandExecutionException x && x.getCause() != null
                    ? x.getCause() : e.getCause();
            throw RedisConnectionException.create(future.getRemoteAddress(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCommandTimeoutException("interrupted");
        }
    }

    private RedisCommands<String, String> commands(Duration timeout) throws RedisFailure {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) {
            synchronized (this) {
                if (connection == null) {
                    try {
                        connection = connectBounded();
                    } catch (RuntimeException e) {
                        throw normalize(e, timeout);
                    }
                }
                c = connection;
            }
        }
        c.setTimeout(timeout);
        return c.sync();
    }

    @Override
    public List<?> evalsha(String sha, List<String> keys, List<String> args, Duration timeout) throws RedisFailure {
        RedisCommands<String, String> redis = commands(timeout);
        try {
            return list(redis.evalsha(sha, ScriptOutputType.MULTI, keys.toArray(String[]::new), args.toArray(String[]::new)));
        } catch (RuntimeException e) {
            throw normalize(e, timeout);
        }
    }

    private static List<?> list(Object reply) throws RedisFailure {
        if (reply instanceof List<?> list) {
            return list;
        }
        throw new RedisFailure(RedisFailure.Kind.PROTOCOL, "the limiter script answered " + reply + ", not a list");
    }

    @Override
    public List<?> eval(String script, List<String> keys, List<String> args, Duration timeout) throws RedisFailure {
        RedisCommands<String, String> redis = commands(timeout);
        try {
            return list(redis.eval(script, ScriptOutputType.MULTI, keys.toArray(String[]::new), args.toArray(String[]::new)));
        } catch (RuntimeException e) {
            throw normalize(e, timeout);
        }
    }

    /**
     * A fresh connection with the app's URL: handshake (HELLO/AUTH as the URL says) within a limiter timeout per round
     * trip, then PING within one limiter timeout. While no connection is kept (the first run), the fresh one is kept,
     * so the canary's limiter calls run on a connection that is already up, as a warm app instance's do.
     */
    @Override
    public Optional<Duration> verifyNewClient(Duration timeout) throws RedisFailure {
        long start = System.nanoTime();
        StatefulRedisConnection<String, String> fresh;
        try {
            fresh = connectBounded();
        } catch (RuntimeException e) {
            throw handshakeFailure(normalize(e, timeout), Duration.ofNanos(System.nanoTime() - start));
        }
        boolean kept = false;
        try {
            fresh.setTimeout(timeout);
            fresh.sync().ping();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            synchronized (this) {
                if (connection == null) {
                    connection = fresh;
                    kept = true;
                }
            }
            return Optional.of(took);
        } catch (RuntimeException e) {
            RedisFailure f = normalize(e, timeout);
            if (f.kind() == RedisFailure.Kind.CONNECT) {
                // Lettuce may hand over the connection as its handshake deadline closes it: the PING then meets a
                // closed connection, and the cause is still the handshake that did not complete in time
                f = handshakeFailure(f, Duration.ofNanos(System.nanoTime() - start));
            }
            // e.g. "ERR max number of clients reached": not the limiter script's failure, but new clients are refused
            throw f.kind() == RedisFailure.Kind.REPLY ? new RedisFailure(RedisFailure.Kind.CONNECT, "a new connection is refused: "
                    + f.getMessage()) : f;
        } finally {
            if (!kept) {
                fresh.close();
            }
        }
    }

    /**
     * A handshake cut off at its deadline can surface as Lettuce's timeout or as the rejection of its pending
     * commands ("Currently not connected"); either way it did not complete in time, as the app's call would not.
     */
    private RedisFailure handshakeFailure(RedisFailure f, Duration took) {
        boolean timedOut = f.kind() == RedisFailure.Kind.TIMEOUT
                || f.kind() == RedisFailure.Kind.CONNECT && took.compareTo(handshakeTimeout) >= 0;
        return timedOut ? new RedisFailure(RedisFailure.Kind.TIMEOUT, "a new connection's handshake did not complete within "
                + dev.driftwatch.config.Durations.format(handshakeTimeout) + " (" + HANDSHAKE_ROUND_TRIPS + " round trips)") : f;
    }

    @Override
    public Map<String, String> inspectAndDelete(List<String> canaryKeys, Duration timeout) throws RedisFailure {
        commands(timeout);
        RedisAsyncCommands<String, String> redis = connection.async();
        Map<String, String> out = new LinkedHashMap<>();
        try {
            // Sent together and awaited against one deadline, as the REST transport's single /pipeline request is.
            RedisFuture<Long> deleted = canaryKeys.isEmpty() ? null : redis.del(canaryKeys.toArray(String[]::new));
            RedisFuture<Map<String, String>> config = redis.configGet("maxmemory-policy", "maxmemory");
            RedisFuture<String> info = redis.info("memory");
            long deadline = System.nanoTime() + timeout.toNanos();
            if (deleted != null) {
                await(deleted, deadline);
            }
            try {
                out.putAll(await(config, deadline));
            } catch (RedisCommandExecutionException e) {
                // CONFIG may be disabled (managed services): the eviction policy then stays unknown
            }
            out.putAll(InfoText.parse(await(info, deadline), "used_memory", "maxmemory"));
            return out;
        } catch (RuntimeException e) {
            throw normalize(e, timeout);
        }
    }

    private static <T> T await(RedisFuture<T> future, long deadlineNanos) {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new RedisCommandTimeoutException("no answer in time");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new RedisException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCommandTimeoutException("interrupted");
        }
    }

    /** Maps Lettuce's exceptions onto the failures the probe classifies. */
    private RedisFailure normalize(RuntimeException e, Duration timeout) {
        String where = display();
        if (e instanceof RedisCommandExecutionException x) {
            String m = String.valueOf(x.getMessage());
            if (m.startsWith("WRONGPASS") || m.startsWith("NOAUTH")) {
                return new RedisFailure(RedisFailure.Kind.AUTH, m);
            }
            return new RedisFailure(RedisFailure.Kind.REPLY, m);
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof RedisCommandExecutionException x) {
                String m = String.valueOf(x.getMessage());
                return new RedisFailure(m.startsWith("WRONGPASS") || m.startsWith("NOAUTH") ? RedisFailure.Kind.AUTH : RedisFailure.Kind.REPLY, m);
            }
        }
        OutboundFailure failure = OutboundFailure.of(e, where, timeout);
        if (failure.kind() != OutboundFailure.Kind.OTHER) {
            return RedisFailure.outbound(failure);
        }
        if (e instanceof RedisException) {
            // Lettuce's own "not connected", "connection closed": the connection is down
            return RedisFailure.outbound(new OutboundFailure(OutboundFailure.Kind.UNREACHABLE, where, failure.within(), ""));
        }
        return new RedisFailure(RedisFailure.Kind.PROTOCOL, e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    @Override
    public String display() {
        return uri.getHost() + ":" + uri.getPort();
    }

    @Override
    public void close() {
        closing = true;
        activations.dispose();
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            c.close();
        }
        // Lettuce's shutdown(quiet, timeout) waits without a bound for every connection to close, and a connection
        // caught reconnecting can keep it waiting forever (seen as a daemon that never stops): wait 2s at most.
        try {
            client.shutdownAsync(0, 1, TimeUnit.SECONDS).get(2, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // closing anyway: the shared ClientResources are shut down with the application
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
