package dev.driftwatch.vercel;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.driftwatch.config.ServerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    public synchronized void record(String environment, ReleaseMarker marker) {
        markers.put(environment, marker);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), markers);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
