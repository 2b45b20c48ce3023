package dev.driftwatch.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.driftwatch.config.DurableFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Transitions as JSON lines in one append-only file, compacted to what the store keeps when it doubles {@code limit}.
 * A line that is not a whole transition is skipped and counted. A write that fails (disk full, read-only) is counted
 * and leaves the file as it was; the next write then replaces the file whole with everything kept, so a torn line
 * never swallows the next transition and nothing waits for a restart.
 */
final class HistoryLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HistoryLog.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** A transition dated later than this is not one driftwatch wrote. */
    private static final java.time.Instant LATEST = java.time.Instant.parse("9999-12-31T23:59:59Z");

    private final Path file;
    private final int limit;
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();
    private OutputStream writer;
    private boolean rewriteNeeded = true;
    private int lines;

    HistoryLog(Path file, int limit) {
        this.file = file;
        this.limit = limit;
    }

    /** Lines of the history file that were not a whole transition, since start. */
    long malformedLines() {
        return malformed.get();
    }

    /** Writes to the history file that failed, since start. */
    long writeErrors() {
        return writeErrors.get();
    }

    /** Reads what an earlier run left, skipping (and counting) lines that are not a whole transition; never throws. */
    synchronized List<Transition> load() {
        List<Transition> out = new ArrayList<>();
        List<String> text;
        try {
            if (!Files.exists(file)) {
                return out;
            }
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            LOG.errorf("cannot read history %s (%s): starting with an empty history", file, e.getClass().getSimpleName());
            return out;
        }
        int skipped = 0;
        int first = 0;
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i);
            if (line.isBlank()) {
                continue;
            }
            Transition t = parse(line);
            if (t == null) {
                skipped++;
                first = first == 0 ? i + 1 : first;
            } else {
                out.add(t);
            }
        }
        if (skipped > 0) {
            malformed.addAndGet(skipped);
            LOG.warnf("history %s: skipped %d lines that are not a whole transition (the first is line %d); "
                    + "the next compaction drops them", file, skipped, first);
        }
        return out;
    }

    private static Transition parse(String line) {
        try {
            Transition t = JSON.readValue(line, Transition.class);
            return t == null || t.at() == null || t.environment() == null || t.to() == null || t.at().isAfter(LATEST) ? null : t;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** True when the last write failed and the file must be written whole again. */
    synchronized boolean behind() {
        return rewriteNeeded;
    }

    /** Replaces the file with these transitions and opens it for appending; on failure, the next append retries. */
    synchronized void compact(List<Transition> kept) {
        try {
            rewrite(kept);
        } catch (IOException e) {
            failed("compact", e);
        }
    }

    /** Appends one transition; {@code kept} (what the store keeps) is asked for only when the file is rewritten. */
    synchronized void append(Transition t, java.util.function.Supplier<List<Transition>> kept) {
        if (rewriteNeeded || writer == null) {
            compact(kept.get());
            return;
        }
        try {
            writer.write((JSON.writeValueAsString(t) + "\n").getBytes(StandardCharsets.UTF_8));
            writer.flush();
        } catch (IOException e) {
            closeWriter();
            failed("append to", e);
            return;
        }
        if (++lines > 2 * limit) {
            compact(kept.get());
        }
    }

    private void failed(String what, IOException e) {
        rewriteNeeded = true;
        writeErrors.incrementAndGet();
        LOG.errorf("cannot %s history %s (%s): the old file is kept; the next transition writes it again",
                what, file, DurableFiles.reason(e));
    }

    private void rewrite(List<Transition> kept) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Transition t : kept) {
            text.append(JSON.writeValueAsString(t)).append('\n');
        }
        DurableFiles.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
        closeWriter();
        writer = Files.newOutputStream(file, StandardOpenOption.APPEND);
        lines = kept.size();
        rewriteNeeded = false;
    }

    private void closeWriter() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                LOG.debugf("closing history: %s", e.getMessage());
            }
            writer = null;
        }
    }

    @Override
    public synchronized void close() {
        closeWriter();
    }
}
