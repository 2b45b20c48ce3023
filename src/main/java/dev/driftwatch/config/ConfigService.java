package dev.driftwatch.config;

import io.quarkus.arc.All;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Holds the running environments config. Loads it at start, polls the file for changes, and replaces the running
 * config only with one that validated whole and that every listener applied; a bad file keeps the last good config
 * running and is reported, and a config that one listener cannot apply is taken back from all of them.
 */
@ApplicationScoped
public class ConfigService {
    private static final Logger LOG = Logger.getLogger(ConfigService.class);

    private final ServerConfig server;
    private final Instance<CheckGroupParser> groups;
    /** In priority order (ArC sorts {@code @All} lists), so that a rollback and an apply visit them alike. */
    private final List<ConfigListener> listeners;
    private final Instance<EnvironmentDiscovery> discovery;

    private static final MonitorConfig NOTHING = new MonitorConfig(Map.of(), List.of());
    private final Clock clock = Clock.systemUTC();
    private volatile MonitorConfig current;
    /** The file's own part of {@link #current} and its discover: plan; discovered environments are merged in. */
    private MonitorConfig file;
    private EnvironmentDiscovery.DiscoveryPlan plan;
    private volatile Redactor redactor = new Redactor(List.of());
    private volatile ConfigStatus status;
    private byte[] lastDigest;

    @Inject
    public ConfigService(ServerConfig server, Instance<CheckGroupParser> groups, @All List<ConfigListener> listeners,
                         Instance<EnvironmentDiscovery> discovery) {
        this.server = server;
        this.groups = groups;
        this.listeners = List.copyOf(listeners);
        this.discovery = discovery;
    }

    void start(@Observes StartupEvent event) {
        Path path = server.config().toAbsolutePath().normalize();
        status = new ConfigStatus(path.toString(), false, false, null, null, List.of());
        redactor = new Redactor(apiToken());
        reload();
    }

    public Optional<MonitorConfig> current() {
        return Optional.ofNullable(current);
    }

    public ConfigStatus status() {
        return status;
    }

    /**
     * Scrubs the API token and the secrets of the running config and of the one read before or after it (a probe of the
     * config being replaced, or of one taken back, may still be finishing), for every string that leaves the process.
     */
    public Redactor redactor() {
        return redactor;
    }

    /** Reloads when the file changed, logging instead of throwing (the daemon scheduler polls this, see ConfigWatch). */
    public void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.errorf("config watcher: %s", e.toString());
        }
    }

    /** Reads the file and applies it if it changed; returns true when a new config is running. */
    public synchronized boolean reload() {
        Path path = server.config().toAbsolutePath().normalize();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return fail(path, List.of("(file): " + path + " does not exist (set DRIFTWATCH_CONFIG or --config)"), null);
        } catch (IOException e) {
            return fail(path, List.of("(file): cannot read " + path + ": " + e.getMessage()), null);
        }
        byte[] digest = digest(bytes);
        if (current != null && Arrays.equals(digest, lastDigest)) {
            return false;
        }
        try {
            EnvironmentDiscovery finder = discovery.isResolvable() ? discovery.get() : null;
            EnvironmentsFileParser parser = new EnvironmentsFileParser(groups.stream().toList(), System::getenv,
                    server.defaultInterval(), server.defaultTimeout(), finder);
            EnvironmentsFileParser.ParsedFile read = parser.parseFile(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), path.getParent());
            MonitorConfig parsed = merge(read.config(), read.discovery());
            String failure = replace(parsed);
            if (failure != null) {
                if (read.discovery() != null) {
                    read.discovery().close();
                }
                return fail(path, List.of("(apply): " + failure), digest);
            }
            file = read.config();
            plan = read.discovery();
            if (finder != null) {
                finder.run(plan);
            }
            lastDigest = digest;
            Instant now = clock.instant();
            status = new ConfigStatus(path.toString(), true, true, now, now, List.of());
            LOG.infof("config loaded from %s: %d environments, %d checks", path, parsed.environments().size(), parsed.checks().size());
            return true;
        } catch (ConfigException e) {
            return fail(path, e.errors(), digest);
        }
    }

    /**
     * Merges what discovery lists now into the running config: called when a source's list changed. A config that a
     * listener cannot apply is taken back, as on reload; the file's own status is not touched.
     */
    public synchronized void refreshDiscovered() {
        if (file == null || current == null) {
            return;
        }
        String failure = replace(merge(file, plan));
        if (failure != null) {
            LOG.errorf("discovered environments not applied: %s", failure);
        }
    }

    private MonitorConfig merge(MonitorConfig own, EnvironmentDiscovery.DiscoveryPlan discover) {
        if (discover == null || !discovery.isResolvable()) {
            return own;
        }
        MonitorConfig found = discovery.get().environments(discover, own.environments().keySet());
        Map<String, EnvironmentConfig> all = new java.util.LinkedHashMap<>(own.environments());
        found.environments().forEach(all::putIfAbsent);
        return new MonitorConfig(all, Stream.of(own.secrets(), found.secrets()).flatMap(List::stream).distinct().toList());
    }

    /** Runs {@code parsed}, or returns why not (the previous config is running again then). */
    private String replace(MonitorConfig parsed) {
        MonitorConfig previous = current;
        redactor = new Redactor(Stream.of(apiToken(), previous == null ? List.<Secret>of() : previous.secrets(),
                parsed.secrets()).flatMap(List::stream).toList());
        current = parsed;
        String failure = apply(parsed);
        if (failure == null) {
            return null;
        }
        current = previous;
        String undo = apply(previous == null ? NOTHING : previous);
        return failure + (undo != null ? "; taking it back failed too (" + undo + "), restart driftwatch"
                : previous == null ? "; no config is running" : "; the previous config is running again");
    }

    private List<Secret> apiToken() {
        return server.api().token().map(String::strip).filter(t -> !t.isEmpty()).map(Secret::new).stream().toList();
    }

    /** Tells every listener; all are told even after one fails, so that none is left between two configs. */
    private String apply(MonitorConfig config) {
        String failure = null;
        for (ConfigListener listener : listeners) {
            try {
                listener.onConfig(config);
            } catch (RuntimeException e) {
                // never expected (every value is bounded by the parser): the caller takes the config back
                failure = failure != null ? failure : listener.getClass().getSimpleName().replaceAll("_.*", "")
                        + " could not apply the config (" + e.getClass().getSimpleName() + ")";
            }
        }
        return failure;
    }

    private boolean fail(Path path, List<String> errors, byte[] digest) {
        if (status.lastAttemptAt() != null && !status.lastReloadSuccess() && status.errors().equals(errors)) {
            return false;
        }
        lastDigest = digest;
        Instant now = clock.instant();
        ConfigStatus previous = status;
        status = new ConfigStatus(path.toString(), current != null, false, now, previous.lastSuccessAt(), List.copyOf(errors));
        LOG.errorf("config %s rejected, %s:%n  %s", path,
                current == null ? "no config is running" : "keeping the last good config",
                String.join("\n  ", errors));
        return false;
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
