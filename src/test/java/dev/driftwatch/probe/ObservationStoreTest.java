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
}
