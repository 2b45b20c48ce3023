package dev.driftwatch.discovery;

import dev.driftwatch.config.ConfigNode;
import dev.driftwatch.config.ConfigService;
import dev.driftwatch.config.EnvironmentBodies;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.config.EnvironmentDiscovery;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.config.Redactor;
import dev.driftwatch.config.Secret;
import dev.driftwatch.probe.DaemonScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs the {@code discover:} sources: each is read on its own interval (the daemon scheduler triggers, a read blocks
 * on a discovery thread), its list kept whole; a changed list rebuilds the running config through
 * {@link ConfigService#refreshDiscovered()}. A source that cannot be read keeps its last list and says so.
 */
@ApplicationScoped
public class DiscoveryService implements EnvironmentDiscovery {
    private static final Logger LOG = Logger.getLogger(DiscoveryService.class);

    private final DaemonScheduler scheduler;
    private final ConfigService config;
    private final Instance<DiscoverySourceType> types;
    private final Instance<DiscoveryListener> listeners;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, SourceState> states = new ConcurrentHashMap<>();
    private final ExecutorService reads = Executors.newCachedThreadPool(daemonThreads());
    private final List<ScheduledFuture<?>> schedule = new ArrayList<>();
    private volatile Plan running;

    @Inject
    public DiscoveryService(DaemonScheduler scheduler, ConfigService config, @Any Instance<DiscoverySourceType> types,
                            @Any Instance<DiscoveryListener> listeners) {
        this.scheduler = scheduler;
        this.config = config;
        this.types = types;
        this.listeners = listeners;
    }

    @Override
    public DiscoveryPlan plan(ConfigNode discover, EnvironmentBodies bodies) {
        return Plans.parse(discover, bodies, types.stream().toList());
    }

    @Override
    public MonitorConfig environments(DiscoveryPlan discoveryPlan, Set<String> fileEnvironments) {
        Plan plan = (Plan) discoveryPlan;
        Map<String, EnvironmentConfig> out = new LinkedHashMap<>();
        Set<Secret> secrets = new LinkedHashSet<>();
        for (SourcePlan source : plan.sources().values()) {
            secrets.addAll(source.source().secrets());
            SourceState state = states.computeIfAbsent(source.name(), SourceState::new);
            List<String> names = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Map.Entry<String, DiscoveredTarget> e : state.kept().entrySet()) {
                String env = e.getKey();
                secrets.addAll(e.getValue().secrets().values());
                if (fileEnvironments.contains(env) || out.containsKey(env)) {
                    problems.add("environment " + env + ": " + (fileEnvironments.contains(env)
                            ? "the environments file lists one of that name, the file's is used"
                            : "another source found one of that name first, that one is used"));
                    continue;
                }
                EnvironmentBodies.Expansion expansion = state.expand(source, env, e.getValue());
                secrets.addAll(expansion.secrets());
                if (expansion.environment() == null) {
                    expansion.errors().forEach(error -> problems.add("environment " + env + ": " + error));
                } else {
                    out.put(env, expansion.environment());
                    names.add(env);
                }
            }
            state.expanded(names, problems);
        }
        return new MonitorConfig(out, List.copyOf(secrets));
    }

    @Override
    public synchronized void run(DiscoveryPlan discoveryPlan) {
        Plan plan = (Plan) discoveryPlan;
        schedule.forEach(f -> f.cancel(false));
        schedule.clear();
        Plan previous = running;
        running = plan;
        if (previous != null && previous != plan) {
            previous.close();
        }
        Set<String> names = plan == null ? Set.of() : plan.sources().keySet();
        states.keySet().retainAll(names);
        if (plan != null) {
            for (SourcePlan source : plan.sources().values()) {
                long period = source.source().interval().toMillis();
                schedule.add(scheduler.executor().scheduleWithFixedDelay(() -> trigger(plan, source), 0, period, TimeUnit.MILLISECONDS));
            }
        }
        listeners.forEach(l -> l.onSources(Set.copyOf(names)));
    }

    /** On the scheduler thread: hands the read to a discovery thread unless one is still under way. */
    private void trigger(Plan plan, SourcePlan source) {
        SourceState state = states.computeIfAbsent(source.name(), SourceState::new);
        if (running != plan || !state.reading.compareAndSet(false, true)) {
            return;
        }
        try {
            reads.execute(() -> {
                try {
                    read(plan, source, state);
                } finally {
                    state.reading.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            state.reading.set(false);
        }
    }

    private void read(Plan plan, SourcePlan source, SourceState state) {
        List<DiscoveredTarget> targets;
        try {
            targets = source.source().discover(source.readTimeout());
        } catch (DiscoveryException e) {
            fail(source, state, e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            fail(source, state, "the source failed unexpectedly (" + e.getClass().getSimpleName() + ")");
            return;
        }
        if (running != plan) {
            return;
        }
        boolean changed = state.succeeded(targets, source, clock.instant());
        if (changed) {
            config.refreshDiscovered();
        }
    }

    private void fail(SourcePlan source, SourceState state, String message) {
        String why = new Redactor(source.source().secrets()).scrub(message);
        if (state.failed(why, clock.instant())) {
            LOG.warnf("discovery source %s cannot be read, keeping its last list: %s", source.name(), config.redactor().scrub(why));
        }
    }

    /** The state kept for the source named {@code source}. */
    SourceState state(String source) {
        return states.computeIfAbsent(source, SourceState::new);
    }

    /** Every configured source's status, in file order. */
    public List<SourceStatus> statuses() {
        Plan plan = running;
        if (plan == null) {
            return List.of();
        }
        return plan.sources().values().stream()
                .map(s -> states.computeIfAbsent(s.name(), SourceState::new).status(s)).toList();
    }

    public Optional<SourceStatus> status(String source) {
        return statuses().stream().filter(s -> s.name().equals(source)).findFirst();
    }

    @PreDestroy
    synchronized void stop() {
        schedule.forEach(f -> f.cancel(false));
        reads.shutdownNow();
        if (running != null) {
            running.close();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "driftwatch-discovery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
