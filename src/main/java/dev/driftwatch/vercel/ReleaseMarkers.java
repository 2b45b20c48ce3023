package dev.driftwatch.vercel;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.driftwatch.config.DurableFiles;
import dev.driftwatch.config.ServerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The latest release marker per environment, kept in {@code <data-dir>/releases.json} (written to a temporary file and
 * moved into place) so that a restart does not forget what is supposed to be live.
 */
@ApplicationScoped
public class ReleaseMarkers {
    private static final Logger LOG = Logger.getLogger(ReleaseMarkers.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Map<String, ReleaseMarker> markers = new TreeMap<>();

    @Inject
    public ReleaseMarkers(ServerConfig server) {
        this(server.dataDir().resolve("releases.json"));
    }

    ReleaseMarkers(Path file) {
        this.file = file;
        load();
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            markers.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, ReleaseMarker>>() { }));
        } catch (IOException e) {
            LOG.warnf("ignoring %s: not a release marker file (%s); the next release marker replaces it", file,
                    e.getClass().getSimpleName());
        }
    }

    public synchronized Optional<ReleaseMarker> latest(String environment) {
        return Optional.ofNullable(markers.get(environment));
    }

    /**
     * Stores the marker on disk (written whole, flushed to the device, moved into place) and only then keeps it; throws
     * {@link NotStored} when the disk refuses, so that a marker CI was told about is never one a restart forgets.
     */
    public synchronized void record(String environment, ReleaseMarker marker) {
        Map<String, ReleaseMarker> next = new TreeMap<>(markers);
        next.put(environment, marker);
        try {
            DurableFiles.replace(file, JSON.writeValueAsBytes(next));
        } catch (IOException e) {
            LOG.errorf("cannot store release marker of %s in %s: %s", environment, file, DurableFiles.reason(e));
            throw new NotStored(DurableFiles.reason(e));
        }
        markers.put(environment, marker);
    }

    /** The marker could not be written to disk; the message says why (no space left, read-only file system...). */
    public static final class NotStored extends RuntimeException {
        NotStored(String reason) {
            super(reason, null, false, false);
        }
    }
}
