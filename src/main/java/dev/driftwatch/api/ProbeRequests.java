package dev.driftwatch.api;

import dev.driftwatch.config.Durations;
import dev.driftwatch.config.ServerConfig;
import dev.driftwatch.probe.Observation;
import dev.driftwatch.probe.ProbeRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * On-demand probe runs ({@code POST .../probe}): at most one per environment at a time, shared by every request that
 * arrives while it is in flight, and at least {@code driftwatch.api.probe-min-interval} from the end of one to the
 * start of the next (429 with {@code Retry-After} in between), so callers cannot hammer the monitored targets.
 */
@ApplicationScoped
public class ProbeRequests {
    private final ProbeRunner runner;
    private final Duration minInterval;
    private final Clock clock;
    /** The latest on-demand run of each environment; guarded by {@code this}. */
    private final Map<String, Run> runs = new HashMap<>();

    private static final class Run {
        final Set<String> checks = new HashSet<>();
        CompletableFuture<Void> done;
        Instant finishedAt;
        int waiting;
    }

    @Inject
    public ProbeRequests(ProbeRunner runner, ServerConfig server) {
        this(runner, server.api().probeMinInterval(), Clock.systemUTC());
    }

    ProbeRequests(ProbeRunner runner, Duration minInterval, Clock clock) {
        this.runner = runner;
        this.minInterval = minInterval;
        this.clock = clock;
    }

    /**
     * Runs these checks of the environment now, or joins the run in flight (adding to it the checks it lacks).
     * The future completes, never exceptionally, once every observation is in the store.
     *
     * @throws ApiException 429 when the last run ended less than the minimum interval ago
     */
    public synchronized CompletableFuture<Void> run(String environment, List<String> checkIds) {
        Run run = runs.get(environment);
        if (run != null && !run.done.isDone()) {
            List<String> more = checkIds.stream().filter(id -> !run.checks.contains(id)).toList();
            if (!more.isEmpty()) {
                run.checks.addAll(more);
                run.done = CompletableFuture.allOf(run.done, start(environment, more));
                whenFinished(run);
            }
            return await(run);
        }
        if (run != null && run.finishedAt != null) {
            Duration since = Duration.between(run.finishedAt, clock.instant());
            if (since.compareTo(minInterval) < 0) {
                long retry = Math.max(1, (minInterval.minus(since).toMillis() + 999) / 1000);
                throw new ApiException(429, "environment " + environment + " was probed on demand "
                        + Durations.format(Duration.ofMillis(Math.max(0, since.toMillis()))) + " ago; runs are at least "
                        + Durations.format(minInterval) + " apart: retry in " + retry + "s, or read GET .../verdict",
                        Map.of("Retry-After", Long.toString(retry)));
            }
        }
        Run fresh = new Run();
        fresh.checks.addAll(checkIds);
        fresh.done = start(environment, checkIds);
        runs.put(environment, fresh);
        whenFinished(fresh);
        return await(fresh);
    }

    /** How many requests are waiting for the environment's run in flight. */
    public synchronized int waiting(String environment) {
        Run run = runs.get(environment);
        return run == null ? 0 : run.waiting;
    }

    private CompletableFuture<Void> start(String environment, List<String> checkIds) {
        List<CompletableFuture<Observation>> observations = runner.runNow(environment, checkIds);
        return CompletableFuture.allOf(observations.toArray(CompletableFuture[]::new)).handle((v, e) -> null);
    }

    private CompletableFuture<Void> await(Run run) {
        run.waiting++;
        return run.done.whenComplete((v, e) -> {
            synchronized (this) {
                run.waiting--;
            }
        });
    }

    private void whenFinished(Run run) {
        CompletableFuture<Void> done = run.done;
        done.whenComplete((v, e) -> {
            synchronized (this) {
                if (run.done == done) {
                    run.finishedAt = clock.instant();
                }
            }
        });
    }
}
