package dev.driftwatch.provider;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigListener;
import dev.driftwatch.config.ConfigNode;
import dev.driftwatch.config.GroupContext;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.config.Secret;
import dev.driftwatch.config.ServerConfig;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.CheckKind;
import dev.driftwatch.probe.Probe;
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
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code providers} group of an environment: one check {@code provider/<name>} per LLM provider key, answered by
 * the provider's zero-cost endpoint. Known names are the provider types; any other name sets {@code type} and
 * {@code baseUrl}.
 */
@ApplicationScoped
public class ProviderCheckKind implements CheckKind, ConfigListener {
    static final Set<String> KEYS = Set.of("type", "baseUrl", "key", "expectFingerprint", "distinctFrom", "minInterval",
            "interval", "timeout", "severity");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
    private static final Pattern FINGERPRINT = Pattern.compile("sha256:[0-9a-f]{8}");
    private static final URI UNUSABLE = URI.create("http://invalid.invalid");

    private final ProviderApi api;
    private final Duration defaultMinInterval;
    private final KeyVerifier verifier;

    @Inject
    public ProviderCheckKind(ServerConfig server, ProviderApi api) {
        this(api, server.provider().minInterval(), new KeyVerifier(Clock.systemUTC(),
                new OutboundBudget(Math.max(1, server.provider().maxRequestsPerMinute()), Clock.systemUTC()),
                server.provider().maxBackoff()));
    }

    ProviderCheckKind(ProviderApi api, Duration defaultMinInterval, KeyVerifier verifier) {
        this.api = api;
        this.defaultMinInterval = defaultMinInterval;
        this.verifier = verifier;
    }

    @Override
    public String configKey() {
        return "providers";
    }

    @Override
    public Set<String> kinds() {
        return Set.of("provider");
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
            Secret key = node.secret("key");
            String expect = node.optString("expectFingerprint").orElse(null);
            if (expect != null && !FINGERPRINT.matcher(expect).matches()) {
                node.error("expectFingerprint", "must be a key fingerprint as driftwatch shows it: sha256: and 8 lowercase hex digits");
            }
            List<PeerKey> peers = distinctFrom(node, context);
            Duration minInterval = node.duration("minInterval", defaultMinInterval);
            out.add(context.define(node, "provider", name, Severity.CRITICAL, new ProviderSettings(name,
                    type == null ? ProviderType.OPENAI_COMPATIBLE : type, baseUrl, key, expect, peers, minInterval)));
        }
        return out;
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
        return new ProviderProbe((ProviderSettings) check.settings(), verifier, api);
    }

    @Override
    public void onConfig(MonitorConfig config) {
        verifier.retain(config.checks().stream().map(CheckDefinition::settings)
                .filter(ProviderSettings.class::isInstance).map(s -> ((ProviderSettings) s).target())
                .collect(Collectors.toSet()));
    }
}
