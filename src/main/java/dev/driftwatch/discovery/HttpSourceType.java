package dev.driftwatch.discovery;

import dev.driftwatch.config.ConfigNode;
import dev.driftwatch.config.Secret;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * {@code http: {url, interval, bearer_token, basic_auth: {username, password}}}: a Prometheus http_sd endpoint, so
 * any platform that can answer a JSON list plugs in without code.
 */
@ApplicationScoped
public class HttpSourceType implements DiscoverySourceType {
    /** One client for every http source: its connections and selector thread are shared, not made per source and reload. */
    private final HttpClient client = newClient();

    static HttpClient newClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    @Override
    public Set<String> keys() {
        return Set.of("http");
    }

    @Override
    public DiscoverySource parse(ConfigNode source) {
        Optional<ConfigNode> http = source.object("http", true);
        if (http.isEmpty()) {
            return null;
        }
        ConfigNode node = http.get();
        node.allowOnly(Set.of("url", "interval", "bearer_token", "basic_auth"));
        String url = node.string("url");
        Duration interval = node.duration("interval", DEFAULT_INTERVAL);
        Optional<Secret> bearer = node.optSecret("bearer_token");
        Optional<ConfigNode> basic = node.object("basic_auth", false);
        String username = null;
        Secret password = null;
        if (basic.isPresent()) {
            basic.get().allowOnly(Set.of("username", "password"));
            username = basic.get().string("username");
            password = basic.get().secret("password");
        }
        if (bearer.isPresent() && basic.isPresent()) {
            node.error(null, "set bearer_token or basic_auth, not both");
        }
        URI uri = null;
        if (!url.isEmpty()) {
            try {
                uri = new URI(url);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    node.error("url", "must be an http:// or https:// URL with a host");
                    uri = null;
                } else if (uri.getRawUserInfo() != null) {
                    node.error("url", "must not hold credentials (use basic_auth or bearer_token)");
                    uri = null;
                }
            } catch (URISyntaxException e) {
                node.error("url", "not a valid URL");
            }
        }
        if (uri == null) {
            return null;
        }
        return new HttpSource(client, uri, interval, bearer.orElse(null), username, password);
    }
}
