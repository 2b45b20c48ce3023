package dev.driftwatch.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Transitions as JSON lines in one append-only file, compacted to what the store keeps when it doubles {@code limit}. */
final class HistoryLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HistoryLog.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path file;
    private final int limit;
    private BufferedWriter writer;
    private int lines;

    HistoryLog(Path file, int limit) {
        this.file = file;
        this.limit = limit;
    }

    /** Reads what an earlier run left, skipping (and reporting) lines that do not parse; {@link #compact} must follow. */
    synchronized List<Transition> load() {
        List<Transition> out = new ArrayList<>();
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                int lineNo = 0;
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        out.add(JSON.readValue(line, Transition.class));
                    } catch (IOException e) {
                        LOG.warnf("history %s line %d is not a transition, skipped", file, lineNo);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use history file " + file, e);
        }
    }

    /** Replaces the file with these transitions and opens it for appending. */
    synchronized void compact(List<Transition> kept) {
        try {
            rewrite(kept);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use history file " + file, e);
        }
    }

    synchronized void append(Transition t, List<Transition> snapshotIfCompacting) {
        try {
            writer.write(JSON.writeValueAsString(t));
            writer.newLine();
            writer.flush();
            if (++lines > 2 * limit) {
                rewrite(snapshotIfCompacting);
            }
        } catch (IOException e) {
            LOG.errorf("cannot append to history %s: %s", file, e.getMessage());
        }
    }

    private void rewrite(List<Transition> kept) throws IOException {
        close();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (Transition t : kept) {
                w.write(JSON.writeValueAsString(t));
                w.newLine();
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        lines = kept.size();
        writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                LOG.debugf("closing history: %s", e.getMessage());
            }
            writer = null;
        }
    }
}
