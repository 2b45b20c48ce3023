package dev.driftwatch.api;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigService;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.config.ServerConfig;
import dev.driftwatch.probe.Observation;
import dev.driftwatch.probe.ObservationListener;
import dev.driftwatch.verdict.VerdictOptions;
import dev.driftwatch.verdict.VerdictReport;
import dev.driftwatch.verdict.VerdictService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Long polls of {@code GET .../verdict?wait=}: each waits, without holding a thread, until every check it counts has
 * an observation that satisfies its {@code since} and {@code maxAge} (re-evaluated on each observation of its
 * environment), or until its wait ends; either way it answers with the verdict of that moment.
 */
@ApplicationScoped
public class VerdictWaiters implements ObservationListener {
    private final VerdictService verdicts;
    private final ConfigService config;
    private final ServerConfig server;

    @Inject
    public VerdictWaiters(VerdictService verdicts, ConfigService config, ServerConfig server) {
        this.verdicts = verdicts;
        this.config = config;
        this.server = server;
    }

    private final Map<String, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    private record Waiter(String environment, EnvironmentConfig asked, VerdictOptions options,
                          CompletableFuture<VerdictReport> result) {
    }

    /** True when no counted check is missing or stale: the verdict rests on observations the caller accepts. */
    public static boolean settled(VerdictReport report) {
        return report.checks().stream().noneMatch(c -> c.state().unverified());
    }

    public CompletableFuture<VerdictReport> await(EnvironmentConfig env, VerdictOptions options, Duration wait) {
        VerdictReport now = verdicts.evaluate(env, options);
        if (wait.isZero() || settled(now)) {
            return CompletableFuture.completedFuture(now);
        }
        int max = server.api().maxWaiting();
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            throw new ApiException(503, max + " requests are already waiting for verdicts: retry later, or without wait",
                    Map.of("Retry-After", "5"));
        }
        Waiter w = new Waiter(env.name(), env, options, new CompletableFuture<>());
        Set<Waiter> queue = waiting.computeIfAbsent(env.name(), k -> ConcurrentHashMap.newKeySet());
        queue.add(w);
        w.result().whenComplete((r, e) -> {
            queue.remove(w);
            count.decrementAndGet();
        });
        offer(w); // an observation may have landed between the first evaluation and the registration
        return w.result().completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(r -> r != null ? r : evaluate(w));
    }

    @Override
    public void onObservation(CheckDefinition check, Observation observation) {
        Set<Waiter> queue = waiting.get(check.environment());
        if (queue != null) {
            queue.forEach(this::offer);
        }
    }

    private void offer(Waiter w) {
        VerdictReport report = evaluate(w);
        if (settled(report)) {
            w.result().complete(report);
        }
    }

    /** Evaluates with the environment as currently configured, so a reload during the wait is taken into account. */
    private VerdictReport evaluate(Waiter w) {
        EnvironmentConfig env = config.current().flatMap(c -> c.environment(w.environment())).orElse(w.asked());
        return verdicts.evaluate(env, w.options());
    }
}
