package dev.driftwatch.probe;

import dev.driftwatch.config.ServerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/** The latest observation of every check, and the transitions between outcomes and verdicts, kept across restarts. */
@ApplicationScoped
public class ObservationStore {
    private static final Logger LOG = Logger.getLogger(ObservationStore.class);
    private final Map<String, Map<String, Observation>> latest = new ConcurrentHashMap<>();
    private final Deque<Transition> transitions = new ArrayDeque<>();
    /** The last known outcome or verdict per "environment/check" (or "environment" for verdicts), history included. */
    private final Map<String, String> lastState = new HashMap<>();
    private final HistoryLog log;
    private final int limit;
    private final Duration retention;
    private final Clock clock;

    @Inject
    public ObservationStore(ServerConfig server) {
        this(server.dataDir(), server.historyLimit(), server.historyRetention(), Clock.systemUTC());
    }

    /** A store whose history lives in {@code dataDir/history.jsonl}, keeping the newest {@code limit} transitions. */
    public ObservationStore(java.nio.file.Path dataDir, int limit) {
        this(dataDir, limit, ChronoUnit.FOREVER.getDuration(), Clock.systemUTC());
    }

    /**
     * A store that also drops transitions older than {@code retention} (by {@code clock}) when it loads its history,
     * when it records a transition, and from what it answers.
     */
    public ObservationStore(java.nio.file.Path dataDir, int limit, Duration retention, Clock clock) {
        this.limit = limit;
        this.retention = retention;
        this.clock = clock;
        this.log = new HistoryLog(dataDir.resolve("history.jsonl"), limit);
        Instant cutoff = cutoff();
        for (Transition t : log.load()) {
            lastState.put(key(t.environment(), t.check()), t.to()); // even from dropped ones: the next change is relative to it
            if (t.at().isAfter(cutoff)) {
                transitions.addLast(t);
            }
        }
        trim();
        log.compact(new ArrayList<>(transitions));
    }

    /**
     * Writes the history whole again if the last write failed, so that a broken disk keeps being tried (and counted)
     * even while no transition happens; the daemon calls it every minute.
     */
    public void retryHistoryWrite() {
        synchronized (this) {
            if (log.behind()) {
                log.compact(new ArrayList<>(transitions));
            }
        }
    }

    /** Lines of the history file skipped at start because they were not a whole transition. */
    public long historyMalformedLines() {
        return log.malformedLines();
    }

    /** Writes of the history file that failed since start (each is retried with the next transition). */
    public long historyWriteErrors() {
        return log.writeErrors();
    }

    @PreDestroy
    public void close() {
        log.close();
    }

    /** Keeps the observation as its check's latest and records a transition when the outcome changed. */
    public void record(Observation o) {
        latest.computeIfAbsent(o.environment(), e -> new ConcurrentHashMap<>()).put(o.check(), o);
        recordState(o.environment(), o.check(), o.outcome().label(), o.reason(), o.observedAt());
    }

    /** Records a verdict transition when the environment's verdict changed. */
    public void recordVerdict(String environment, String verdict, String reason, Instant at) {
        recordState(environment, null, verdict, reason, at);
    }

    private void recordState(String environment, String check, String state, String reason, Instant at) {
        Transition t;
        synchronized (this) {
            String previous = lastState.put(key(environment, check), state);
            if (state.equals(previous)) {
                return;
            }
            t = new Transition(at, environment, check, previous, state, reason);
            transitions.addLast(t);
            trim();
            log.append(t, () -> new ArrayList<>(transitions));
        }
        logChange(t);
    }

    /** One INFO line per change, with its parts as MDC fields for JSON logs; reasons are redacted already. */
    private static void logChange(Transition t) {
        String from = t.from() == null ? "none" : t.from();
        MDC.put("environment", t.environment());
        MDC.put("check", t.check() == null ? "verdict" : t.check());
        MDC.put("from", from);
        MDC.put("to", t.to());
        try {
            LOG.infof("%s %s: %s -> %s: %s", t.environment(), t.check() == null ? "verdict" : t.check(), from, t.to(), t.reason());
        } finally {
            MDC.remove("environment");
            MDC.remove("check");
            MDC.remove("from");
            MDC.remove("to");
        }
    }

    public Optional<Observation> latest(String environment, String check) {
        return Optional.ofNullable(latest.getOrDefault(environment, Map.of()).get(check));
    }

    public Map<String, Observation> latest(String environment) {
        return Map.copyOf(latest.getOrDefault(environment, Map.of()));
    }

    /** The latest observations of an environment as they change, without a copy (each read sees one observation). */
    public Map<String, Observation> latestView(String environment) {
        Map<String, Observation> env = latest.get(environment);
        return env == null ? Map.of() : java.util.Collections.unmodifiableMap(env);
    }

    /** Forgets the latest observation of a check the config no longer has. */
    public void forget(String environment, String check) {
        Map<String, Observation> env = latest.get(environment);
        if (env != null) {
            env.remove(check);
        }
    }

    /** Transitions of one environment that match, newest first, at most {@code limit}. */
    public synchronized List<Transition> history(String environment, Predicate<Transition> filter, int max) {
        List<Transition> out = new ArrayList<>();
        Instant cutoff = cutoff();
        Iterator<Transition> it = transitions.descendingIterator();
        while (it.hasNext() && out.size() < max) {
            Transition t = it.next();
            if (t.environment().equals(environment) && t.at().isAfter(cutoff) && filter.test(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Drops the oldest transitions beyond the limit, and those past the retention. */
    private void trim() {
        Instant cutoff = cutoff();
        while (transitions.size() > limit || !transitions.isEmpty() && !transitions.peekFirst().at().isAfter(cutoff)) {
            transitions.removeFirst();
        }
    }

    private Instant cutoff() {
        Instant now = clock.instant();
        return retention.compareTo(Duration.between(Instant.MIN, now)) >= 0 ? Instant.MIN : now.minus(retention);
    }

    private static String key(String environment, String check) {
        return check == null ? environment : environment + "/" + check;
    }
}
