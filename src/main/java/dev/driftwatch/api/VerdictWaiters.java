package dev.driftwatch.api;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigService;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.config.ServerConfig;
import dev.driftwatch.probe.Observation;
import dev.driftwatch.probe.DaemonScheduler;
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
import java.util.function.BooleanSupplier;
import java.util.concurrent.ScheduledFuture;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

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
    private final DaemonScheduler scheduler;

    @Inject
    public VerdictWaiters(VerdictService verdicts, ConfigService config, ServerConfig server, DaemonScheduler scheduler) {
        this.verdicts = verdicts;
        this.config = config;
        this.server = server;
        this.scheduler = scheduler;
    }

    private final Map<String, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final Map<String, AtomicInteger> perClient = new ConcurrentHashMap<>();

    /**
     * Who waits: its address (for the per-client cap) and whether it has hung up, so that its slot is freed within
     * {@link #SWEEP} rather than when its wait ends.
     */
    public record Client(String address, BooleanSupplier hungUp) {
    }

    /** How often waiting requests are checked for clients that hung up. */
    static final Duration SWEEP = Duration.ofMillis(200);
    private ScheduledFuture<?> sweeper;

    private record Waiter(String environment, EnvironmentConfig asked, VerdictOptions options, Client client,
                          CompletableFuture<VerdictReport> result) {
    }

    @PostConstruct
    void start() {
        sweeper = scheduler.every(SWEEP, this::sweep);
    }

    @PreDestroy
    void stop() {
        sweeper.cancel(false);
    }

    /** Ends the waits whose clients hung up: nobody listens any more, and their slots are free again. */
    private void sweep() {
        try {
            waiting.values().forEach(queue -> queue.stream().filter(w -> w.client().hungUp().getAsBoolean())
                    .forEach(w -> w.result().complete(null)));
        } catch (RuntimeException e) {
            // a client that cannot tell is treated as connected until its wait ends
        }
    }

    /** True when no counted check is missing or stale: the verdict rests on observations the caller accepts. */
    public static boolean settled(VerdictReport report) {
        return report.checks().stream().noneMatch(c -> c.state().unverified());
    }

    /** Slots held now: by everyone, and by one client address. */
    public int waiting() {
        return count.get();
    }

    public int waiting(String address) {
        AtomicInteger n = perClient.get(address);
        return n == null ? 0 : n.get();
    }

    public CompletableFuture<VerdictReport> await(EnvironmentConfig env, VerdictOptions options, Duration wait, Client client) {
        VerdictReport now = verdicts.evaluate(env, options);
        if (wait.isZero() || settled(now)) {
            return CompletableFuture.completedFuture(now);
        }
        take(client.address());
        Waiter w = new Waiter(env.name(), env, options, client, new CompletableFuture<>());
        Set<Waiter> queue = waiting.computeIfAbsent(env.name(), k -> ConcurrentHashMap.newKeySet());
        queue.add(w);
        w.result().whenComplete((r, e) -> {
            queue.remove(w);
            release(client.address());
        });
        offer(w); // an observation may have landed between the first evaluation and the registration
        return w.result().completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(r -> r != null ? r : evaluate(w));
    }

    private void take(String address) {
        int max = server.api().maxWaiting();
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            throw new ApiException(503, max + " requests are already waiting for verdicts: retry later, or without wait",
                    Map.of("Retry-After", "5"));
        }
        int mine = perClient.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        if (mine > server.api().maxWaitingPerClient()) {
            release(address);
            throw new ApiException(503, "this client already has " + server.api().maxWaitingPerClient()
                    + " requests waiting for verdicts: retry later, or without wait", Map.of("Retry-After", "5"));
        }
    }

    private void release(String address) {
        count.decrementAndGet();
        perClient.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
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
