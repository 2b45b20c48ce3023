package dev.driftwatch.probe;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigListener;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.config.Redactor;
import dev.driftwatch.config.ServerConfig;
import dev.driftwatch.config.Severity;
import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Schedules every configured check, turns each run into an observation, and hands it to the store and listeners. */
@ApplicationScoped
public class ProbeRunner implements ConfigListener {
    private static final Logger LOG = Logger.getLogger(ProbeRunner.class);
    /**
     * First runs are spread over at least this much time per check (at most half the interval): a fleet of 5,000
     * checks starts over 15 s at a 30 s interval instead of all within 2 s, and the jitter keeps them spread after.
     */
    private static final long SPREAD_PER_CHECK_MILLIS = 5;

    private final List<CheckGroup> kinds;
    private final ObservationStore store;
    private final List<ObservationListener> listeners;

    private final Map<String, ScheduledCheck> checks = new ConcurrentHashMap<>();
    private final Map<String, CheckGroup> kindsByName = new HashMap<>();
    private volatile Redactor redactor = new Redactor(List.of());
    private volatile long lastHeartbeat;
    /** Set when the application starts to stop: runs still end, but nothing is recorded (see {@link #onShutdown}). */
    private volatile boolean shuttingDown;
    private final RunnerPools pools;
    private final ScheduledFuture<?> heartbeat;
    private final ScheduledFuture<?> historyRetry;

    @Inject
    public ProbeRunner(@All List<CheckGroup> kinds, ObservationStore store, @All List<ObservationListener> listeners,
                       DaemonScheduler scheduler, ServerConfig server) {
        this(kinds, store, listeners, scheduler.executor(), new WorkerPool(workers(server.workers().threads()),
                perTarget(server.workers().threads(), server.workers().perTarget()), server.workers().slowAfter()));
    }

    /** A runner on the given scheduler, which stays its caller's to shut down, with the default workers. */
    public ProbeRunner(List<CheckGroup> kinds, ObservationStore store, List<ObservationListener> listeners,
                       ScheduledExecutorService scheduler) {
        this(kinds, store, listeners, scheduler, new WorkerPool(workers(OptionalInt.empty()),
                perTarget(OptionalInt.empty(), OptionalInt.empty()), Duration.ofSeconds(1)));
    }

    /** A runner with {@code threads} workers, of which one target may hold {@code perTarget}, however short its runs. */
    public ProbeRunner(List<CheckGroup> kinds, ObservationStore store, List<ObservationListener> listeners,
                       ScheduledExecutorService scheduler, int threads, int perTarget) {
        this(kinds, store, listeners, scheduler, new WorkerPool(threads, perTarget));
    }

    private ProbeRunner(List<CheckGroup> kinds, ObservationStore store, List<ObservationListener> listeners,
                        ScheduledExecutorService scheduler, WorkerPool workers) {
        this.kinds = List.copyOf(kinds);
        this.store = store;
        this.listeners = List.copyOf(listeners);
        for (CheckGroup kind : kinds) {
            kind.kinds().forEach(k -> kindsByName.put(k, kind));
        }
        pools = new RunnerPools(scheduler, workers);
        lastHeartbeat = System.currentTimeMillis();
        heartbeat = scheduler.scheduleAtFixedRate(() -> lastHeartbeat = System.currentTimeMillis(), 1, 1, TimeUnit.SECONDS);
        historyRetry = scheduler.scheduleWithFixedDelay(this::retryHistoryWrite, 1, 1, TimeUnit.MINUTES);
    }

    /** {@code driftwatch.workers.threads}, or 32 per available core: probe runs mostly wait on the network. */
    static int workers(OptionalInt configured) {
        return Math.max(1, configured.orElse(32 * Runtime.getRuntime().availableProcessors()));
    }

    /** {@code driftwatch.workers.per-target}, or a quarter of the workers (at least 2). */
    static int perTarget(OptionalInt threads, OptionalInt configured) {
        return Math.max(1, configured.orElse(Math.max(2, workers(threads) / 4)));
    }

    /** A history write that failed is tried again every minute, off the scheduler thread (a slow disk must not stall it). */
    private void retryHistoryWrite() {
        try {
            pools.workers().execute("driftwatch history", store::retryHistoryWrite);
        } catch (java.util.concurrent.RejectedExecutionException busy) {
            // the workers are stopping: the next start tries again
        }
    }

    /**
     * Shutdown destroys beans in no set order: a probe's shared resources (Lettuce's event loops and timer) can stop
     * while a run is in progress, or a lost connection can wake one, and its failure would be recorded as a state
     * change the monitored system never had. From the shutdown event on, no run is recorded.
     */
    void onShutdown(@Observes ShutdownEvent event) {
        shuttingDown = true;
    }

    /**
     * Stops the workers and every check; the scheduler belongs to the container (or to whoever passed it). The workers
     * are interrupted first: the scheduler may already be gone at shutdown, so no deadline would end a probe that
     * hangs, and closing its check waits for it.
     */
    @PreDestroy
    public void stop() {
        heartbeat.cancel(false);
        historyRetry.cancel(false);
        pools.workers().shutdownNow();
        checks.values().forEach(ScheduledCheck::close);
    }

    /** True while the scheduler thread ticks: the liveness of the daemon. */
    public boolean alive() {
        return !pools.timers().isShutdown() && System.currentTimeMillis() - lastHeartbeat < 10_000;
    }

    @Override
    public synchronized void onConfig(MonitorConfig config) {
        redactor = new Redactor(config.secrets());
        Map<String, CheckDefinition> wanted = new HashMap<>();
        for (CheckDefinition def : config.checks()) {
            wanted.put(key(def.environment(), def.id()), def);
        }
        for (Map.Entry<String, ScheduledCheck> e : new ArrayList<>(checks.entrySet())) {
            CheckDefinition old = e.getValue().definition();
            if (!old.equals(wanted.get(e.getKey()))) {
                checks.remove(e.getKey()).close();
                if (!wanted.containsKey(e.getKey())) {
                    store.forget(old.environment(), old.id());
                }
                for (ObservationListener l : listeners) {
                    l.onCheckRemoved(old);
                }
            }
        }
        int added = 0;
        for (Map.Entry<String, CheckDefinition> e : wanted.entrySet()) {
            if (checks.containsKey(e.getKey())) {
                continue;
            }
            CheckDefinition def = e.getValue();
            String key = e.getKey();
            ScheduledCheck check = new ScheduledCheck(def, newProbe(def, () -> runSoon(key, def)), pools, this::record);
            checks.put(key, check);
            long spread = Math.min(def.interval().toMillis() / 2, Math.max(2000, wanted.size() * SPREAD_PER_CHECK_MILLIS));
            check.schedule(Duration.ofMillis(spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(spread)));
            added++;
        }
        LOG.debugf("runner: %d checks scheduled, %d (re)started", checks.size(), added);
    }

    /** A probe's own request for a run (an event it saw between runs); ignored once its check is gone. */
    private void runSoon(String key, CheckDefinition def) {
        ScheduledCheck check = checks.get(key);
        if (check != null && check.definition().equals(def)) {
            check.runNow();
        }
    }

    private Probe newProbe(CheckDefinition def, Runnable runNow) {
        CheckGroup kind = kindsByName.get(def.kind());
        try {
            if (kind == null) {
                throw new IllegalStateException("no probe for check kind " + def.kind());
            }
            return kind.newProbe(def, runNow);
        } catch (RuntimeException e) {
            String reason = "cannot create probe: " + ScheduledCheck.describe(e);
            return timeout -> ProbeResult.unknown(reason);
        }
    }

    /** Runs the given checks of an environment now (all when {@code checkIds} is empty); joins runs in progress. */
    public List<CompletableFuture<Observation>> runNow(String environment, List<String> checkIds) {
        List<CompletableFuture<Observation>> out = new ArrayList<>();
        for (ScheduledCheck c : checks.values()) {
            CheckDefinition d = c.definition();
            if (d.environment().equals(environment) && (checkIds.isEmpty() || checkIds.contains(d.id()))) {
                out.add(c.runNow());
            }
        }
        return out;
    }

    public Optional<CheckDefinition> definition(String environment, String checkId) {
        return Optional.ofNullable(checks.get(key(environment, checkId))).map(ScheduledCheck::definition);
    }

    private void record(ScheduledCheck.ProbeOutcome run) {
        CheckDefinition def = run.check();
        ProbeResult r = run.result();
        Redactor scrub = redactor;
        Severity severity = r.outcome() == Outcome.DRIFT && !def.severityOverride() && r.severity() != null
                ? r.severity() : def.severity();
        Observation o = new Observation(def.environment(), def.id(), r.outcome(), severity, scrub.scrub(r.reason()),
                scrub.scrubDetails(r.details()), Instant.ofEpochMilli(run.startedAtMillis()),
                Duration.ofNanos(run.durationNanos()), r.measurements());
        try {
            ScheduledCheck current = checks.get(key(def.environment(), def.id()));
            if (run.completion().isCancelled() || current == null || !current.definition().equals(def)) {
                return; // the check was removed or replaced while it ran
            }
            if (shuttingDown) {
                return;
            }
            store.record(o);
            for (ObservationListener l : listeners) {
                try {
                    l.onObservation(def, o);
                } catch (RuntimeException e) {
                    LOG.errorf("observation listener %s failed: %s", l.getClass().getSimpleName(), e.toString());
                }
            }
            if (o.outcome() != Outcome.OK) {
                LOG.debugf("%s %s: %s (%s)", def.environment(), def.id(), o.outcome().label(), o.reason());
            }
        } finally {
            run.completion().complete(o); // after the store and listeners have it: waiters read a settled state
        }
    }

    private static String key(String environment, String checkId) {
        return environment + "\u0000" + checkId;
    }

}
