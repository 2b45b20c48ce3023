package dev.driftwatch.verdict;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigListener;
import dev.driftwatch.config.ConfigService;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.config.ServerConfig;
import dev.driftwatch.probe.DaemonScheduler;
import dev.driftwatch.probe.Observation;
import dev.driftwatch.probe.ObservationListener;
import dev.driftwatch.probe.ObservationStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The current verdict of every environment: re-evaluated on each observation and on a short tick (so a check that
 * stops reporting turns the verdict unknown on its own), with every change kept as a transition.
 */
@ApplicationScoped
public class VerdictService implements ObservationListener, ConfigListener {
    private static final Logger LOG = Logger.getLogger(VerdictService.class);

    private final Supplier<Optional<MonitorConfig>> config;
    private final ObservationStore store;
    private final ServerConfig server;
    private final DaemonScheduler scheduler;
    private final Clock clock;
    private final Map<String, VerdictReport> current = new ConcurrentHashMap<>();
    /** When each environment's verdict can next change without a new observation: its first counted one going stale. */
    private final Map<String, Instant> changesAt = new ConcurrentHashMap<>();
    /** The verdict last handed to the store per environment, which records a transition only when it changes. */
    private final Map<String, String> recorded = new ConcurrentHashMap<>();
    /**
     * One lock per environment: its evaluations and recorded transitions stay in order, while workers finishing runs
     * of different environments never wait on each other (a single lock serialized the whole fleet under load).
     */
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private ScheduledFuture<?> ticker;

    @Inject
    public VerdictService(ConfigService config, ObservationStore store, ServerConfig server, DaemonScheduler scheduler) {
        this(config::current, store, server, scheduler, Clock.systemUTC());
    }

    /** Without a scheduler or server settings ({@link #refreshAll()} is then called by hand, as in tests). */
    VerdictService(Supplier<Optional<MonitorConfig>> config, ObservationStore store, Clock clock) {
        this(config, store, null, null, clock);
    }

    private VerdictService(Supplier<Optional<MonitorConfig>> config, ObservationStore store, ServerConfig server,
                           DaemonScheduler scheduler, Clock clock) {
        this.config = config;
        this.store = store;
        this.server = server;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        ticker = scheduler.every(server.verdictRefresh(), this::refreshAll);
    }

    void stop(@Observes ShutdownEvent event) {
        if (ticker != null) {
            ticker.cancel(false);
        }
    }

    /** The verdict with default options, as last evaluated (at most one refresh tick old). */
    public Optional<VerdictReport> current(String environment) {
        VerdictReport r = current.get(environment);
        if (r == null) {
            return config.get().flatMap(c -> c.environment(environment)).map(this::refresh);
        }
        return Optional.of(r);
    }

    /** A fresh evaluation with the caller's options (release gates). */
    public VerdictReport evaluate(EnvironmentConfig env, VerdictOptions options) {
        return VerdictEvaluator.evaluate(env, store.latestView(env.name()), clock.instant(), options);
    }

    @Override
    public void onObservation(CheckDefinition check, Observation observation) {
        config.get().flatMap(c -> c.environment(check.environment())).ifPresent(this::refresh);
    }

    @Override
    public void onConfig(MonitorConfig config) {
        current.keySet().removeIf(env -> !config.environments().containsKey(env));
        changesAt.keySet().removeIf(env -> !config.environments().containsKey(env));
        recorded.keySet().removeIf(env -> !config.environments().containsKey(env));
        locks.keySet().removeIf(env -> !config.environments().containsKey(env));
        config.environments().values().forEach(this::refresh);
    }

    /**
     * Between observations a verdict only changes when one of its observations goes stale: environments before that
     * moment keep their report, re-stamped, instead of being evaluated again on every tick.
     */
    void refreshAll() {
        try {
            Instant now = clock.instant();
            config.get().ifPresent(c -> c.environments().values().forEach(env -> {
                Instant at = changesAt.get(env.name());
                VerdictReport report = current.get(env.name());
                if (at == null || report == null || !now.isBefore(at)) {
                    refresh(env);
                } else {
                    current.replace(env.name(), report, report.at(now));
                }
            }));
        } catch (RuntimeException e) {
            LOG.errorf("verdict refresh failed: %s", e.toString());
        }
    }

    private VerdictReport refresh(EnvironmentConfig env) {
        synchronized (locks.computeIfAbsent(env.name(), name -> new Object())) {
            return refreshLocked(env);
        }
    }

    private VerdictReport refreshLocked(EnvironmentConfig env) {
        Map<String, Observation> latest = store.latestView(env.name());
        VerdictReport report = VerdictEvaluator.evaluate(env, latest, clock.instant(), VerdictOptions.DEFAULT);
        current.put(env.name(), report);
        changesAt.put(env.name(), VerdictEvaluator.goesStaleAt(env, latest, VerdictOptions.DEFAULT));
        if (report.checks().stream().anyMatch(c -> c.state() == CheckState.State.MISSING)) {
            return report; // just started or reloaded: no verdict to speak of yet, so no transition either
        }
        if (!report.verdict().label().equals(recorded.put(env.name(), report.verdict().label()))) {
            store.recordVerdict(env.name(), report.verdict().label(), String.join("; ", report.reasons()), report.evaluatedAt());
        }
        return report;
    }
}
