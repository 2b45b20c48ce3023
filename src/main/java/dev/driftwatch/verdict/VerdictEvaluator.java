package dev.driftwatch.verdict;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.Durations;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Observation;
import dev.driftwatch.probe.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The verdict of an environment from its latest observations. Only observations that are fresh (younger than the
 * max age, and after {@code since}) count: any critical drift fails; else a check without one, or a critical check
 * that is not {@code optional} answering {@code unknown} (it cannot see), is unknown; else any other drift or
 * unknown outcome warns; else pass.
 */
public final class VerdictEvaluator {
    private VerdictEvaluator() {
    }

    /**
     * The first moment a counted observation that is fresh now goes stale, when {@link #evaluate} would answer
     * differently with no new observation; {@link Instant#MAX} when none can (no fresh observation left to age).
     */
    public static Instant goesStaleAt(EnvironmentConfig env, Map<String, Observation> latest, VerdictOptions options) {
        Instant first = Instant.MAX;
        for (CheckDefinition check : env.checks()) {
            String id = check.id();
            Observation o = counts(options, id) ? latest.get(id) : null;
            if (o == null) {
                continue;
            }
            Instant stale = o.observedAt().plus(maxAge(options, check));
            if (stale.isBefore(first)) {
                first = stale;
            }
        }
        return first;
    }

    private static boolean counts(VerdictOptions options, String checkId) {
        return options.checks().isEmpty() || options.checks().contains(checkId);
    }

    private static Duration maxAge(VerdictOptions options, CheckDefinition check) {
        return options.maxAge().isPresent() ? options.maxAge().get() : check.defaultMaxAge();
    }

    public static VerdictReport evaluate(EnvironmentConfig env, Map<String, Observation> latest, Instant now, VerdictOptions options) {
        List<String> failing = new ArrayList<>();
        List<String> unverified = new ArrayList<>();
        List<String> warning = new ArrayList<>();
        List<CheckState> states = new ArrayList<>();
        int counted = 0;
        for (CheckDefinition check : env.checks()) {
            String id = check.id(); // built on each call: once per check here
            if (!counts(options, id)) {
                continue;
            }
            counted++;
            Observation o = latest.get(id);
            Duration maxAge = maxAge(options, check);
            if (o == null) {
                unverified.add(id + ": no observation yet");
                states.add(new CheckState(id, CheckState.State.MISSING, null, "no observation yet", null));
                continue;
            }
            if (options.since().isPresent() && !o.observedAt().isAfter(options.since().get())) {
                unverified.add(id + ": no observation since " + options.since().get());
                states.add(new CheckState(id, CheckState.State.STALE, o.severity(), o.reason(), o.observedAt()));
                continue;
            }
            Duration age = Duration.between(o.observedAt(), now);
            if (age.compareTo(maxAge) > 0) {
                unverified.add(id + ": latest observation is " + Durations.format(Duration.ofSeconds(age.toSeconds()))
                        + " old (max age " + Durations.format(maxAge) + ")");
                states.add(new CheckState(id, CheckState.State.STALE, o.severity(), o.reason(), o.observedAt()));
                continue;
            }
            states.add(new CheckState(id, CheckState.State.of(o.outcome()), o.severity(), o.reason(), o.observedAt()));
            if (o.outcome() == Outcome.DRIFT && o.severity() == Severity.CRITICAL) {
                failing.add(id + ": critical drift: " + o.reason());
            } else if (o.outcome() == Outcome.DRIFT) {
                warning.add(id + ": " + o.severity().label() + " drift: " + o.reason());
            } else if (o.outcome() == Outcome.UNKNOWN && o.severity() == Severity.CRITICAL && !check.optional()) {
                unverified.add(id + ": cannot verify: " + o.reason());
            } else if (o.outcome() == Outcome.UNKNOWN) {
                warning.add(id + ": unknown" + (check.optional() ? " (optional)" : "") + ": " + o.reason());
            }
        }
        VerdictStatus status;
        if (!failing.isEmpty()) {
            status = VerdictStatus.FAIL;
        } else if (!unverified.isEmpty()) {
            status = VerdictStatus.UNKNOWN;
        } else if (!warning.isEmpty()) {
            status = VerdictStatus.WARN;
        } else {
            status = VerdictStatus.PASS;
        }
        List<String> reasons = new ArrayList<>(failing);
        reasons.addAll(unverified);
        reasons.addAll(warning);
        if (reasons.isEmpty()) {
            reasons.add(counted == 1 ? "the check is ok" : "all " + counted + " checks ok");
        }
        return new VerdictReport(env.name(), status, now, List.copyOf(reasons), List.copyOf(states));
    }
}
