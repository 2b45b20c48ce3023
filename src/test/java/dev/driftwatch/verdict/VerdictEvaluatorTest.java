package dev.driftwatch.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Observation;
import dev.driftwatch.probe.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerdictEvaluatorTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final EnvironmentConfig ENV = new EnvironmentConfig("production", Map.of(), List.of(
            new CheckDefinition("production", "schema", "public", Duration.ofSeconds(30), Duration.ofSeconds(5), Severity.CRITICAL, false, null),
            new CheckDefinition("production", "migrations", "supabase", Duration.ofSeconds(30), Duration.ofSeconds(5), Severity.CRITICAL, false, null)));

    private final Map<String, Observation> latest = new HashMap<>();

    private void observe(String check, Outcome outcome, Severity severity, Duration ago) {
        latest.put(check, new Observation("production", check, outcome, severity, outcome.label() + " " + check, Map.of(),
                NOW.minus(ago), Duration.ofMillis(3), List.of()));
    }

    private VerdictReport evaluate(VerdictOptions options) {
        return VerdictEvaluator.evaluate(ENV, latest, NOW, options);
    }

    @Test
    void allOkPasses() {
        observe("schema/public", Outcome.OK, Severity.CRITICAL, Duration.ofSeconds(10));
        observe("migrations/supabase", Outcome.OK, Severity.CRITICAL, Duration.ofSeconds(10));
        VerdictReport r = evaluate(VerdictOptions.DEFAULT);
        assertThat(r.verdict()).isEqualTo(VerdictStatus.PASS);
        assertThat(r.reasons()).containsExactly("all 2 checks ok");
        assertThat(r.evaluatedAt()).isEqualTo(NOW);
    }

    @Test
    void criticalDriftFailsEvenWhenAnotherCheckIsMissing() {
        observe("schema/public", Outcome.DRIFT, Severity.CRITICAL, Duration.ofSeconds(10));
        VerdictReport r = evaluate(VerdictOptions.DEFAULT);
        assertThat(r.verdict()).isEqualTo(VerdictStatus.FAIL);
        assertThat(r.reasons()).containsExactly("schema/public: critical drift: drift schema/public",
                "migrations/supabase: no observation yet");
    }

    @Test
    void warningDriftAndUnknownOutcomesOfNonCriticalChecksWarn() {
        observe("schema/public", Outcome.DRIFT, Severity.WARNING, Duration.ofSeconds(10));
        observe("migrations/supabase", Outcome.UNKNOWN, Severity.WARNING, Duration.ofSeconds(10));
        VerdictReport r = evaluate(VerdictOptions.DEFAULT);
        assertThat(r.verdict()).isEqualTo(VerdictStatus.WARN);
        assertThat(r.reasons()).containsExactly("schema/public: warning drift: drift schema/public",
                "migrations/supabase: unknown: unknown migrations/supabase");
    }

    @Test
    void aCriticalCheckThatCannotSeeMakesTheVerdictUnknown() {
        observe("schema/public", Outcome.DRIFT, Severity.WARNING, Duration.ofSeconds(10));
        observe("migrations/supabase", Outcome.UNKNOWN, Severity.CRITICAL, Duration.ofSeconds(10));
        VerdictReport r = evaluate(VerdictOptions.DEFAULT);
        assertThat(r.verdict()).isEqualTo(VerdictStatus.UNKNOWN);
        assertThat(r.reasons()).containsExactly("migrations/supabase: cannot verify: unknown migrations/supabase",
                "schema/public: warning drift: drift schema/public");
        assertThat(r.checks()).extracting(c -> c.state().label()).containsExactly("drift", "unknown");
    }

    @Test
    void anOptionalCriticalCheckThatCannotSeeOnlyWarns() {
        EnvironmentConfig env = new EnvironmentConfig("production", Map.of(), List.of(ENV.checks().get(0),
                ENV.checks().get(1).withOptional(true)));
        observe("schema/public", Outcome.OK, Severity.CRITICAL, Duration.ofSeconds(10));
        observe("migrations/supabase", Outcome.UNKNOWN, Severity.CRITICAL, Duration.ofSeconds(10));
        VerdictReport r = VerdictEvaluator.evaluate(env, latest, NOW, VerdictOptions.DEFAULT);
        assertThat(r.verdict()).isEqualTo(VerdictStatus.WARN);
        assertThat(r.reasons()).containsExactly("migrations/supabase: unknown (optional): unknown migrations/supabase");
    }

    @Test
    void freshCriticalDriftStillFailsWhileAnotherCheckCannotSee() {
        observe("schema/public", Outcome.DRIFT, Severity.CRITICAL, Duration.ofSeconds(10));
        observe("migrations/supabase", Outcome.UNKNOWN, Severity.CRITICAL, Duration.ofSeconds(10));
        assertThat(evaluate(VerdictOptions.DEFAULT).verdict()).isEqualTo(VerdictStatus.FAIL);
    }

    @Test
    void anObservationOlderThanMaxAgeIsUnknown() {
        observe("schema/public", Outcome.OK, Severity.CRITICAL, Duration.ofSeconds(66));
        observe("migrations/supabase", Outcome.OK, Severity.CRITICAL, Duration.ofSeconds(10));
        assertThat(evaluate(VerdictOptions.DEFAULT).reasons())
                .containsExactly("schema/public: latest observation is 66s old (max age 65s)");
        assertThat(evaluate(new VerdictOptions(Optional.of(Duration.ofSeconds(5)), Set.of(), Optional.empty())).verdict())
                .isEqualTo(VerdictStatus.UNKNOWN);
        assertThat(evaluate(new VerdictOptions(Optional.of(Duration.ofMinutes(2)), Set.of(), Optional.empty())).verdict())
                .isEqualTo(VerdictStatus.PASS);
    }

    @Test
    void checksAndSinceNarrowWhatCounts() {
        observe("schema/public", Outcome.OK, Severity.CRITICAL, Duration.ofSeconds(10));
        observe("migrations/supabase", Outcome.DRIFT, Severity.CRITICAL, Duration.ofSeconds(10));
        assertThat(evaluate(new VerdictOptions(Optional.empty(), Set.of("schema/public"), Optional.empty())).verdict())
                .isEqualTo(VerdictStatus.PASS);
        VerdictReport afterDeploy = evaluate(new VerdictOptions(Optional.empty(), Set.of("schema/public"), Optional.of(NOW.minusSeconds(5))));
        assertThat(afterDeploy.verdict()).isEqualTo(VerdictStatus.UNKNOWN);
        assertThat(afterDeploy.reasons().get(0)).startsWith("schema/public: no observation since");
    }

    @Test
    void theVerdictChangesOnItsOwnWhenItsOldestFreshObservationGoesStale() {
        observe("schema/public", Outcome.OK, Severity.CRITICAL, Duration.ofSeconds(10));
        observe("migrations/supabase", Outcome.OK, Severity.CRITICAL, Duration.ofSeconds(40));
        Instant at = VerdictEvaluator.goesStaleAt(ENV, latest, VerdictOptions.DEFAULT);
        assertThat(at).isEqualTo(NOW.minusSeconds(40).plusSeconds(65)); // max age: 2 x 30 s + 5 s
        assertThat(VerdictEvaluator.evaluate(ENV, latest, at, VerdictOptions.DEFAULT).verdict()).isEqualTo(VerdictStatus.PASS);
        assertThat(VerdictEvaluator.evaluate(ENV, latest, at.plusMillis(1), VerdictOptions.DEFAULT).verdict())
                .isEqualTo(VerdictStatus.UNKNOWN);
    }

    @Test
    void withoutObservationsNothingGoesStale() {
        assertThat(VerdictEvaluator.goesStaleAt(ENV, latest, VerdictOptions.DEFAULT)).isEqualTo(Instant.MAX);
    }
}
