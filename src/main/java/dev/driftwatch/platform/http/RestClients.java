package dev.driftwatch.platform.http;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.reactive.client.api.LoggingScope;

/**
 * The outbound REST clients, shared: one per client interface, base URL and timeout step, each keeping its
 * connections (TCP and TLS) alive between requests instead of building a client and a connection per request.
 * Every client follows no redirect, maps no status to an exception and logs nothing; the given headers are masked
 * should logging ever be turned on. The least recently used client beyond {@link #MAX_CLIENTS} is closed.
 */
@ApplicationScoped
public class RestClients {
    /** Timeouts are rounded down to this step, so a shrinking per-call budget reuses a few clients, not one each. */
    static final long STEP_MILLIS = 250;
    static final long MIN_TIMEOUT_MILLIS = 100;
    static final int MAX_CLIENTS = 256;

    private record Key(Class<?> type, URI baseUrl, long timeoutMillis, Set<String> maskedHeaders) {
    }

    private final Map<Key, Object> clients = new LinkedHashMap<>(16, 0.75f, true);

    /** The shared client of {@code type} at {@code baseUrl} whose connect and read timeouts are at most {@code timeout}. */
    public <T> T client(Class<T> type, URI baseUrl, Duration timeout, Set<String> maskedHeaders) {
        Key key = new Key(type, baseUrl, step(timeout), Set.copyOf(maskedHeaders));
        Object evicted = null;
        Object client;
        synchronized (this) {
            client = clients.get(key);
            if (client == null) {
                client = QuarkusRestClientBuilder.newBuilder()
                        .baseUri(baseUrl)
                        .connectTimeout(key.timeoutMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout(key.timeoutMillis(), TimeUnit.MILLISECONDS)
                        .followRedirects(false)
                        .disableDefaultMapper(true)
                        .loggingScope(LoggingScope.NONE)
                        .loggingMaskedHeaders(key.maskedHeaders())
                        .build(type);
                clients.put(key, client);
                if (clients.size() > MAX_CLIENTS) {
                    Key eldest = clients.keySet().iterator().next();
                    evicted = clients.remove(eldest);
                }
            }
        }
        close(evicted);
        return type.cast(client);
    }

    /** How many clients are open, for tests. */
    synchronized int size() {
        return clients.size();
    }

    static long step(Duration timeout) {
        long millis = timeout.toMillis();
        return millis < STEP_MILLIS ? Math.max(MIN_TIMEOUT_MILLIS, millis) : millis / STEP_MILLIS * STEP_MILLIS;
    }

    @PreDestroy
    void closeAll() {
        List<Object> all;
        synchronized (this) {
            all = new ArrayList<>(clients.values());
            clients.clear();
        }
        all.forEach(RestClients::close);
    }

    private static void close(Object client) {
        if (client instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // a client that cannot close holds nothing we could still release
            }
        }
    }
}
