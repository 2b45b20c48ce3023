package dev.driftwatch.status;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.probe.Observation;
import dev.driftwatch.probe.ObservationListener;
import dev.driftwatch.probe.ObservationStore;
import dev.driftwatch.probe.Transition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Since when each check has had its current outcome. Kept per observation so the page reads it in O(1): scanning
 * the history for every cell of 1,000 environments would cost more than the whole page.
 */
@ApplicationScoped
public class CheckSince implements ObservationListener {
    private record Since(String outcome, Instant at) {
    }

    private final ObservationStore store;
    private final Map<String, Since> since = new ConcurrentHashMap<>();

    @Inject
    public CheckSince(ObservationStore store) {
        this.store = store;
    }

    @Override
    public void onObservation(CheckDefinition check, Observation o) {
        String outcome = o.outcome().label();
        since.compute(key(o.environment(), o.check()), (k, old) ->
                old != null && old.outcome().equals(outcome) ? old : new Since(outcome, start(o, outcome)));
    }

    /** The history's latest transition of the check, when it led to this outcome (it survives restarts); else now. */
    private Instant start(Observation o, String outcome) {
        return store.history(o.environment(), t -> o.check().equals(t.check()), 1).stream()
                .filter(t -> outcome.equals(t.to())).map(Transition::at).findFirst().orElse(o.observedAt());
    }

    @Override
    public void onCheckRemoved(CheckDefinition check) {
        since.remove(key(check.environment(), check.id()));
    }

    /** When the check's outcome became {@code outcome}, if that is the outcome it has now. */
    public Optional<Instant> of(String environment, String check, String outcome) {
        Since s = since.get(key(environment, check));
        return s != null && s.outcome().equals(outcome) ? Optional.of(s.at()) : Optional.empty();
    }

    private static String key(String environment, String check) {
        return environment + "\u0000" + check;
    }
}
