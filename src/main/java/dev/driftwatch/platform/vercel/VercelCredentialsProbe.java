package dev.driftwatch.platform.vercel;

import dev.driftwatch.probe.Probe;
import dev.driftwatch.probe.ProbeResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A check whose credentials come from the deployed app's Vercel environment: each run reads them (through the
 * shared {@link VercelEnvironments} cache), and probes with them through the check's own probe, replaced only when
 * the credentials changed. Details say where the credentials came from.
 *
 * @param <S> the check's settings record with the credentials filled in
 */
public final class VercelCredentialsProbe<S> implements Probe {

    /** Settings to probe with, or the result to report instead (a variable Vercel does not have, an API failure). */
    public record Resolved<S>(S settings, ProbeResult result) {
        public static <S> Resolved<S> use(S settings) {
            return new Resolved<>(settings, null);
        }

        public static <S> Resolved<S> report(ProbeResult result) {
            return new Resolved<>(null, result);
        }
    }

    private final VercelConnection connection;
    private final BiFunction<VercelConnection, Duration, Resolved<S>> resolver;
    private final Function<S, Probe> factory;
    private S current;
    private Probe delegate;

    public VercelCredentialsProbe(VercelConnection connection, BiFunction<VercelConnection, Duration, Resolved<S>> resolver,
                                  Function<S, Probe> factory) {
        this.connection = connection;
        this.resolver = resolver;
        this.factory = factory;
    }

    @Override
    public synchronized ProbeResult probe(Duration timeout) throws Exception {
        long start = System.nanoTime();
        Resolved<S> resolved = resolver.apply(connection, timeout);
        if (resolved.result() != null) {
            return tagged(resolved.result());
        }
        if (!resolved.settings().equals(current)) {
            close();
            delegate = factory.apply(resolved.settings());
            current = resolved.settings();
        }
        Duration left = timeout.minusNanos(System.nanoTime() - start);
        return tagged(delegate.probe(left.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : left));
    }

    private ProbeResult tagged(ProbeResult result) {
        Map<String, Object> details = new LinkedHashMap<>(result.details() == null ? Map.of() : result.details());
        details.put("credentialsFrom", connection.describe());
        return result.withDetails(details);
    }

    @Override
    public synchronized void close() {
        if (delegate != null) {
            delegate.close();
            delegate = null;
            current = null;
        }
    }
}
