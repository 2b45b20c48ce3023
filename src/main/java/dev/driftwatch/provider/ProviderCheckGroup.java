package dev.driftwatch.provider;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigListener;
import dev.driftwatch.config.ConfigNode;
import dev.driftwatch.config.GroupContext;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.config.Secret;
import dev.driftwatch.config.ServerConfig;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.CheckGroup;
import dev.driftwatch.probe.Probe;
import dev.driftwatch.probe.ProbeResult;
import dev.driftwatch.platform.vercel.VercelConnection;
import dev.driftwatch.platform.vercel.VercelCredentialsProbe;
import dev.driftwatch.platform.vercel.VercelCredentialsProbe.Resolved;
import dev.driftwatch.platform.vercel.VercelEnvironments;
import dev.driftwatch.provider.ProviderSettings.PeerKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code providers} group of an environment: one check {@code provider/<name>} per LLM provider key, answered by
 * the provider's zero-cost endpoint, and one check {@code catalog/<name>} per entry that sets {@code catalog:} (the
 * app's models against the provider's list). Known names are the provider types; any other name sets {@code type} and
 * {@code baseUrl}.
 */
@ApplicationScoped
public class ProviderCheckGroup implements CheckGroup, ConfigListener {
    static final Set<String> KEYS = Set.of("type", "baseUrl", "key", "keyFromVercel", "expectFingerprint", "distinctFrom", "minInterval",
            "interval", "timeout", "severity", "catalog");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,255}");
    private static final Pattern FINGERPRINT = Pattern.compile("sha256:[0-9a-f]{8}");
    private static final URI UNUSABLE = URI.create("http://invalid.invalid");

    private final ProviderApi api;
    private final Duration defaultMinInterval;
    private final KeyVerifier verifier;
    private final VercelEnvironments vercel;

    @Inject
    public ProviderCheckGroup(ServerConfig server, ProviderApi api, VercelEnvironments vercel) {
        this(api, server.provider().minInterval(), new KeyVerifier(Clock.systemUTC(),
                new OutboundBudget(Math.max(1, server.provider().maxRequestsPerMinute()), Clock.systemUTC()),
                server.provider().maxBackoff()), vercel);
    }

    ProviderCheckGroup(ProviderApi api, Duration defaultMinInterval, KeyVerifier verifier) {
        this(api, defaultMinInterval, verifier, null);
    }

    ProviderCheckGroup(ProviderApi api, Duration defaultMinInterval, KeyVerifier verifier, VercelEnvironments vercel) {
        this.api = api;
        this.defaultMinInterval = defaultMinInterval;
        this.verifier = verifier;
        this.vercel = vercel;
    }

    @Override
    public String configKey() {
        return "providers";
    }

    @Override
    public Set<String> kinds() {
        return Set.of("provider", "catalog");
    }

    @Override
    public List<CheckDefinition> parse(ConfigNode group, GroupContext context) {
        Map<String, ConfigNode> entries = group.fields();
        if (entries.isEmpty()) {
            group.error(null, "must name at least one provider (" + ProviderType.labels() + ")");
        }
        List<CheckDefinition> out = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> e : entries.entrySet()) {
            String name = e.getKey();
            ConfigNode node = e.getValue();
            if (!NAME.matcher(name).matches()) {
                node.error(null, "not a valid provider name (lowercase letters, digits, '.', '_' and '-', at most 63)");
            }
            if (!node.isObject()) {
                node.error(null, "must be a mapping with at least key");
                continue;
            }
            node.allowOnly(KEYS);
            ProviderType type = type(name, node);
            URI baseUrl = baseUrl(node, type);
            String keyFromVercel = node.optString("keyFromVercel").orElse(null);
            VercelConnection connection = null;
            Secret key;
            if (keyFromVercel != null) {
                key = new Secret("");
                connection = vercelConnection(node, keyFromVercel, context);
            } else {
                key = node.secret("key");
            }
            String expect = node.optString("expectFingerprint").orElse(null);
            if (expect != null && !FINGERPRINT.matcher(expect).matches()) {
                node.error("expectFingerprint", "must be a key fingerprint as driftwatch shows it: sha256: and 8 lowercase hex digits");
            }
            List<PeerKey> peers = distinctFrom(node, context);
            Duration minInterval = node.duration("minInterval", defaultMinInterval);
            out.add(context.define(node, "provider", name, Severity.CRITICAL, new ProviderSettings(name,
                    type == null ? ProviderType.OPENAI_COMPATIBLE : type, baseUrl, key, expect, peers, minInterval,
                    keyFromVercel, connection)));
            CatalogSettings catalog = CatalogConfig.read(node, name, type, baseUrl, key, minInterval, context);
            if (catalog != null) {
                out.add(context.define(node, "catalog", name, Severity.CRITICAL, catalog));
            }
        }
        return out;
    }

    private static VercelConnection vercelConnection(ConfigNode node, String variable, GroupContext context) {
        if (node.has("key")) {
            node.error("keyFromVercel", "set either key or keyFromVercel, not both");
        }
        if (!VARIABLE.matcher(variable).matches()) {
            node.error("keyFromVercel", "must be an environment variable name such as OPENAI_API_KEY");
        }
        Optional<ConfigNode> group = context.sibling("vercel");
        if (group.isEmpty()) {
            node.error("keyFromVercel", "needs a vercel: group in environment " + context.environment()
                    + " (token, projectId, target) to read " + variable + " from");
            return null;
        }
        return VercelConnection.read(group.get(), context.environment());
    }

    private static ProviderType type(String name, ConfigNode node) {
        Optional<String> text = node.optString("type");
        if (text.isPresent()) {
            Optional<ProviderType> type = ProviderType.parse(text.get());
            if (type.isEmpty()) {
                node.error("type", "must be one of " + ProviderType.labels());
            }
            return type.orElse(null);
        }
        Optional<ProviderType> byName = ProviderType.parse(name).filter(t -> t != ProviderType.OPENAI_COMPATIBLE);
        if (byName.isEmpty()) {
            node.error("type", "required: " + name + " is not a known provider (" + ProviderType.labels()
                    + "); set type (openai-compatible for any API that serves GET /models) and baseUrl");
        }
        return byName.orElse(null);
    }

    private static URI baseUrl(ConfigNode node, ProviderType type) {
        Optional<String> text = node.optString("baseUrl");
        if (text.isEmpty()) {
            if (type != null && type.defaultBaseUrl().isEmpty()) {
                node.error("baseUrl", "required for type " + type.label());
            }
            return type == null ? UNUSABLE : type.defaultBaseUrl().orElse(UNUSABLE);
        }
        URI uri;
        try {
            uri = new URI(text.get().trim());
        } catch (URISyntaxException e) {
            node.error("baseUrl", "not a URL");
            return UNUSABLE;
        }
        // Messages never echo the value: a URL may carry credentials.
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
            node.error("baseUrl", "must be an http:// or https:// URL");
        } else if (uri.getHost() == null) {
            node.error("baseUrl", "must name a host");
        } else if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            node.error("baseUrl", "must not carry credentials, a query or a fragment; the key goes in key");
        } else {
            String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
            return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + path);
        }
        return UNUSABLE;
    }

    private static List<PeerKey> distinctFrom(ConfigNode node, GroupContext context) {
        List<PeerKey> out = new ArrayList<>();
        for (String peer : node.stringList("distinctFrom", List.of())) {
            if (peer.equals(context.environment())) {
                node.error("distinctFrom", "an environment cannot be distinct from itself");
            } else if (!context.environmentNames().contains(peer)) {
                node.error("distinctFrom", "no environment named " + peer);
            } else {
                Optional<ConfigNode> group = context.peerGroup(peer);
                if (group.isEmpty()) {
                    node.error("distinctFrom", "environment " + peer + " has no providers group to compare with");
                    continue;
                }
                group.get().fields().forEach((name, entry) -> {
                    if (entry.isObject()) {
                        entry.optSecret("key").filter(k -> !k.isEmpty())
                                .ifPresent(k -> out.add(new PeerKey(peer, name, k.fingerprint())));
                    }
                });
            }
        }
        return List.copyOf(out);
    }

    @Override
    public Probe newProbe(CheckDefinition check) {
        if (check.settings() instanceof CatalogSettings catalog) {
            return new CatalogProbe(catalog, verifier, api);
        }
        ProviderSettings settings = check.settings(ProviderSettings.class);
        if (settings.vercel() == null) {
            return new ProviderProbe(settings, verifier, api);
        }
        String variable = settings.keyFromVercel();
        return new VercelCredentialsProbe<>(settings.vercel(), (connection, timeout) -> {
            var answer = vercel.values(connection, List.of(variable), check.interval(), timeout);
            if (!answer.ok()) {
                return Resolved.report(ProbeResult.unknown("cannot read " + variable + " from " + connection.describe()
                        + ": " + answer.failure()));
            }
            if (!answer.value().containsKey(variable)) {
                return Resolved.report(ProbeResult.drift(Severity.CRITICAL, "key not configured: " + variable
                        + " is not set in " + connection.describe()));
            }
            Secret key = answer.value().get(variable);
            if (key == null) {
                return Resolved.report(ProbeResult.unknown(variable + " is a sensitive variable in " + connection.describe()
                        + ": Vercel does not return its value, so the key cannot be verified"));
            }
            return Resolved.use(settings.withKey(key));
        }, s -> new ProviderProbe(s, verifier, api));
    }

    @Override
    public void onConfig(MonitorConfig config) {
        verifier.retain(config.checks().stream().map(CheckDefinition::settings)
                .map(s -> s instanceof ProviderSettings p ? p.providerKey() : s instanceof CatalogSettings c ? c.listKey() : null)
                .filter(Objects::nonNull).collect(Collectors.toSet()));
    }
}
