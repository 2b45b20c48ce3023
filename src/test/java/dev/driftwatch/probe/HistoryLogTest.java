package dev.driftwatch.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history file asks for what the store keeps only when it rewrites itself, not on every transition. */
class HistoryLogTest {
    @TempDir
    Path dir;

    @Test
    void appendsWithoutTheKeptTransitionsAndCompactsWhenTheFileDoublesItsLimit() throws Exception {
        Path file = dir.resolve("history.jsonl");
        List<Transition> kept = new ArrayList<>();
        AtomicInteger asked = new AtomicInteger();
        try (HistoryLog log = new HistoryLog(file, 5)) {
            for (int i = 0; i < 11; i++) {
                Transition t = new Transition(Instant.ofEpochSecond(1_700_000_000L + i), "env" + i, "schema/public", "ok", "drift", "r");
                kept.add(t);
                if (kept.size() > 5) {
                    kept.remove(0);
                }
                log.append(t, () -> {
                    asked.incrementAndGet();
                    return List.copyOf(kept);
                });
            }
            assertThat(asked).as("the first append writes the file whole; the 11th passes twice the limit").hasValue(2);
            assertThat(Files.readAllLines(file)).hasSize(5);
            assertThat(log.load()).containsExactlyElementsOf(kept);
        }
    }
}
