package dev.driftwatch.discovery;

import dev.driftwatch.config.ConfigNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * {@code file: {path, interval}}: a JSON or YAML file in the http_sd shape (Prometheus's file_sd), re-read every
 * interval; a relative path resolves against the environments file's directory.
 */
@ApplicationScoped
public class FileSourceType implements DiscoverySourceType {

    @Override
    public Set<String> keys() {
        return Set.of("file");
    }

    @Override
    public DiscoverySource parse(ConfigNode source) {
        Optional<ConfigNode> file = source.object("file", true);
        if (file.isEmpty()) {
            return null;
        }
        ConfigNode node = file.get();
        node.allowOnly(Set.of("path", "interval"));
        String path = node.string("path");
        Duration interval = node.duration("interval", HttpSourceType.DEFAULT_INTERVAL);
        if (path.isEmpty()) {
            return null;
        }
        try {
            return new FileSource(node.baseDir().resolve(Path.of(path)).normalize(), interval);
        } catch (InvalidPathException e) {
            node.error("path", "not a valid path");
            return null;
        }
    }
}
