package dev.driftwatch.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservationStoreTest {
    private static Observation obs(String check, Outcome outcome, Instant at) {
        return new Observation("production", check, outcome, Severity.CRITICAL, outcome.label() + " reason", Map.of(), at,
                Duration.ofMillis(5), List.of());
    }

    @Test
    void outcomeChangesBecomeTransitionsThatSurviveARestart(@TempDir Path data) throws Exception {
        Instant t0 = Instant.parse("2026-11-26T10:00:00Z");
        ObservationStore store = new ObservationStore(data, 100);
        store.record(obs("schema/public", Outcome.OK, t0));
        store.record(obs("schema/public", Outcome.OK, t0.plusSeconds(30)));
        store.record(obs("schema/public", Outcome.DRIFT, t0.plusSeconds(60)));
        store.recordVerdict("production", "fail", "schema/public: critical drift", t0.plusSeconds(60));
        store.close();

        ObservationStore reopened = new ObservationStore(data, 100);
        List<Transition> history = reopened.history("production", t -> true, 10);
        assertThat(history).extracting(Transition::to).containsExactly("fail", "drift", "ok");
        assertThat(history.get(1).from()).isEqualTo("ok");
        assertThat(history.get(1).at()).isEqualTo(t0.plusSeconds(60));
        reopened.record(obs("schema/public", Outcome.DRIFT, t0.plusSeconds(90)));
        assertThat(reopened.history("production", t -> true, 10)).hasSize(3);
        reopened.close();
    }

    @Test
    void historyIsBoundedByItsLimitOnDiskToo(@TempDir Path data) throws Exception {
        ObservationStore store = new ObservationStore(data, 5);
        Instant t0 = Instant.parse("2026-11-26T10:00:00Z");
        for (int i = 0; i < 40; i++) {
            store.record(obs("schema/public", i % 2 == 0 ? Outcome.OK : Outcome.DRIFT, t0.plusSeconds(i)));
        }
        assertThat(store.history("production", t -> true, 100)).hasSize(5);
        store.close();
        assertThat(Files.readAllLines(data.resolve("history.jsonl")).size()).isLessThanOrEqualTo(10);
        ObservationStore reopened = new ObservationStore(data, 5);
        assertThat(reopened.history("production", t -> true, 100)).hasSize(5)
                .first().extracting(Transition::at).isEqualTo(t0.plusSeconds(39));
        reopened.close();
    }

    @Test
    void transitionsOlderThanTheRetentionAreDroppedOnLoadOnCompactionAndFromAnswers(@TempDir Path data) throws Exception {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        MutableClock clock = new MutableClock(now.minus(Duration.ofDays(40)));
        ObservationStore store = new ObservationStore(data, 4, Duration.ofDays(30), clock);
        store.record(obs("schema/public", Outcome.OK, clock.instant()));
        store.record(obs("schema/public", Outcome.DRIFT, clock.instant().plusSeconds(1)));
        clock.now = now;
        assertThat(store.history("production", t -> true, 10)).as("past the retention, not answered").isEmpty();
        store.record(obs("migrations/supabase", Outcome.OK, now));
        store.record(obs("schema/public", Outcome.OK, now.plusSeconds(1)));
        assertThat(store.history("production", t -> true, 10)).extracting(Transition::to).containsExactly("ok", "ok");
        assertThat(store.history("production", t -> true, 10).get(0).from()).as("relative to the dropped state").isEqualTo("drift");
        store.close();
        assertThat(Files.readString(data.resolve("history.jsonl"))).contains("2026-10-17T10:00:01Z");

        ObservationStore reopened = new ObservationStore(data, 4, Duration.ofDays(30), clock);
        reopened.close();
        assertThat(Files.readAllLines(data.resolve("history.jsonl"))).as("loading rewrote the file without old lines")
                .hasSize(2).noneMatch(l -> l.contains("2026-10-17"));

        ObservationStore compacting = new ObservationStore(data, 4, Duration.ofDays(30), clock);
        clock.now = now.plus(Duration.ofDays(31));
        for (int i = 0; i < 9; i++) {
            compacting.record(obs("schema/public", i % 2 == 0 ? Outcome.DRIFT : Outcome.OK, clock.now.plusSeconds(i)));
        }
        compacting.close();
        assertThat(Files.readAllLines(data.resolve("history.jsonl"))).as("compaction dropped what the retention ended")
                .hasSizeLessThanOrEqualTo(8).noneMatch(l -> l.contains("2026-11-26"));
    }

    /** A clock the test moves. */
    private static final class MutableClock extends java.time.Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
