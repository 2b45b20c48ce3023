package dev.driftwatch.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of the daemon's test resources: a temporary directory with the environments file and the data directory,
 * fast reloads and verdict refreshes, and the servers the subclass starts (stopped in reverse order, also when the
 * start fails half-way). A subclass starts what the daemon watches and returns the environments file.
 */
public abstract class DaemonResource implements QuarkusTestResourceLifecycleManager {
    private final String prefix;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private Path dir;

    protected DaemonResource(String prefix) {
        this.prefix = prefix;
    }

    /**
     * Starts the servers (through {@link #own}) and returns the environments file; {@code properties} already holds
     * the daemon's defaults, and the subclass adds its own ({@code dwtest.*}, a token) or overrides them.
     */
    protected abstract String environments(Path dir, Map<String, String> properties) throws IOException;

    /** Registers a server to stop with the resource. */
    protected final <T extends AutoCloseable> T own(T server) {
        owned.add(server);
        return server;
    }

    @Override
    public final Map<String, String> start() {
        try {
            dir = Files.createTempDirectory(prefix);
            Map<String, String> properties = new LinkedHashMap<>();
            Path config = dir.resolve("driftwatch.yaml");
            properties.put("driftwatch.config", config.toString());
            properties.put("driftwatch.data-dir", dir.resolve("data").toString());
            properties.put("driftwatch.reload-interval", "200ms");
            properties.put("driftwatch.verdict-refresh", "200ms");
            Files.writeString(config, environments(dir, properties));
            return properties;
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @Override
    public void stop() {
        List<AutoCloseable> servers = new ArrayList<>(owned);
        Collections.reverse(servers);
        DebugLog.closeAll(servers);
        owned.clear();
        DebugLog.deleteDirectory(dir);
    }
}
