package dev.driftwatch.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Observation;
import dev.driftwatch.probe.ObservationStore;
import dev.driftwatch.probe.Outcome;
import dev.driftwatch.probe.Transition;
import dev.driftwatch.vercel.ReleaseMarkerFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History files with every kind of malformed line, and data directories that cannot be written or fill up. */
class HostileHistoryTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final String GOOD = "{\"at\":\"2026-11-26T10:00:00Z\",\"environment\":\"production\",\"check\":\"schema/public\",\"to\":\"ok\"}";

    private static Observation obs(Outcome outcome, Instant at) {
        return new Observation("production", "schema/public", outcome, Severity.CRITICAL, outcome.label(), Map.of(), at,
                Duration.ofMillis(5), List.of());
    }

    @Test
    void malformedLinesAreSkippedCountedAndDroppedByCompaction(@TempDir Path data) throws Exception {
        List<String> malformed = List.of("{}", "null", "[]", "42", "\"text\"",
                "{\"at\":\"2026-11-26T10:00:00Z\",\"check\":\"schema/public\",\"to\":\"ok\"}",
                "{\"environment\":\"production\",\"to\":\"ok\"}",
                "{\"at\":\"2026-11-26T10:00:00Z\",\"environment\":\"production\"}",
                "{\"at\":\"not a time\",\"environment\":\"production\",\"to\":\"ok\"}",
                "{\"at\":\"+1000000000-01-01T00:00:00Z\",\"environment\":\"production\",\"to\":\"ok\"}");
        String torn = GOOD.substring(0, 40);
        Files.writeString(data.resolve("history.jsonl"), GOOD + "\n" + String.join("\n", malformed) + "\n" + torn,
                StandardCharsets.UTF_8);

        ObservationStore store = new ObservationStore(data, 100);
        assertThat(store.historyMalformedLines()).isEqualTo(malformed.size() + 1);
        assertThat(store.history("production", t -> true, 10)).extracting(Transition::to).containsExactly("ok");
        assertThat(Files.readAllLines(data.resolve("history.jsonl"))).as("compaction drops them").hasSize(1);
        store.record(obs(Outcome.DRIFT, T0.plusSeconds(30)));
        store.close();

        ObservationStore reopened = new ObservationStore(data, 100);
        assertThat(reopened.historyMalformedLines()).isZero();
        assertThat(reopened.history("production", t -> true, 10)).extracting(Transition::to).containsExactly("drift", "ok");
        reopened.close();
    }

    @Test
    void aDataDirectoryThatIsAFileDoesNotStopTheStoreAndWritesResumeWhenFixed(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Files.writeString(data, "a file where the data directory should be");
        ObservationStore store = new ObservationStore(data, 100);
        assertThat(store.historyWriteErrors()).isEqualTo(1);
        store.record(obs(Outcome.OK, T0));
        store.record(obs(Outcome.DRIFT, T0.plusSeconds(30)));
        assertThat(store.historyWriteErrors()).isEqualTo(3);
        assertThat(store.history("production", t -> true, 10)).as("kept in memory").hasSize(2);

        Files.delete(data);
        store.record(obs(Outcome.OK, T0.plusSeconds(60)));
        assertThat(store.historyWriteErrors()).isEqualTo(3);
        store.close();
        ObservationStore reopened = new ObservationStore(data, 100);
        assertThat(reopened.history("production", t -> true, 10)).as("the retry wrote everything kept")
                .extracting(Transition::to).containsExactly("ok", "drift", "ok");
        reopened.close();
    }

    @Test
    void aFullDiskLeavesNoTornLineAndWritingResumesWhenSpaceIsFreed(@TempDir Path tmp) throws Exception {
        Path mount = Files.createDirectory(tmp.resolve("small"));
        assumeTrue(TinyDisk.mount(mount, "64k"), "mounting a 64 KB tmpfs needs root");
        try {
            Path data = Files.createDirectory(mount.resolve("data"));
            ObservationStore store = new ObservationStore(data, 100_000);
            Path filler = mount.resolve("filler");
            TinyDisk.fill(filler);
            for (int i = 0; i < 200; i++) {
                store.record(obs(i % 2 == 0 ? Outcome.DRIFT : Outcome.OK, T0.plusSeconds(i)));
            }
            assertThat(store.historyWriteErrors()).as("the disk filled up").isPositive();
            Files.delete(filler);
            store.record(obs(Outcome.UNKNOWN, T0.plusSeconds(1000)));
            store.close();
            ObservationStore reopened = new ObservationStore(data, 100_000);
            assertThat(reopened.historyMalformedLines()).as("no torn line survives").isZero();
            assertThat(reopened.history("production", t -> true, 1000)).hasSize(201)
                    .first().extracting(Transition::to).isEqualTo("unknown");
            reopened.close();
        } finally {
            TinyDisk.unmount(mount);
        }
    }

    @Test
    void releaseMarkersThatCannotBeWrittenAreNotKept(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Files.writeString(data, "not a directory");
        assertThat(ReleaseMarkerFiles.recordAndReload(data.resolve("releases.json"), "production", "abcdef1"))
                .as("refused and not kept in memory").isEqualTo("refused: a path in the data directory is missing or not a directory; kept: false");
        Files.delete(data);
        assertThat(ReleaseMarkerFiles.recordAndReload(data.resolve("releases.json"), "production", "abcdef1"))
                .isEqualTo("stored; after restart: abcdef1");
    }
}
