package dev.driftwatch.smoke;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigNode;
import dev.driftwatch.config.GroupContext;
import dev.driftwatch.config.Secret;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.CheckGroup;
import dev.driftwatch.probe.Probe;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code smoke} group: named HTTP requests against the deployed app, each checked as {@code smoke/<name>}.
 */
@ApplicationScoped
public class SmokeCheckGroup implements CheckGroup {
    private static final Set<String> KEYS = Set.of("method", "url", "headers", "body", "repeat", "expect", "expectLast",
            "followRedirects", "interval", "timeout", "severity");
    private static final Set<String> EXPECT_KEYS = Set.of("status", "headerContains", "jsonPointer", "bodyMatches", "maxLatency");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    @Override
    public String configKey() {
        return "smoke";
    }

    @Override
    public Set<String> kinds() {
        return Set.of("smoke");
    }

    @Override
    public List<CheckDefinition> parse(ConfigNode group, GroupContext context) {
        Map<String, ConfigNode> entries = group.fields();
        if (entries.isEmpty()) {
            group.error(null, "must name at least one request");
        }
        List<CheckDefinition> out = new ArrayList<>();
        entries.forEach((name, node) -> {
            if (!NAME.matcher(name).matches()) {
                node.error(null, "not a valid check name (lowercase letters, digits, '.', '_' and '-', at most 63)");
            }
            if (!node.isObject()) {
                node.error(null, "must be a mapping with at least url and expect");
                return;
            }
            node.allowOnly(KEYS);
            String method = node.optString("method").orElse("GET").toUpperCase(Locale.ROOT);
            if (!METHODS.contains(method)) {
                node.error("method", "must be one of " + String.join(", ", new java.util.TreeSet<>(METHODS)));
            }
            URI url = url(node);
            Map<String, Secret> headers = new LinkedHashMap<>();
            node.object("headers", false).ifPresent(h -> h.fields().keySet().forEach(k -> h.optSecret(k).ifPresent(v -> headers.put(k, v))));
            int repeat = node.integer("repeat", 1, 1, 20);
            Expectation expect = node.object("expect", false).map(SmokeCheckGroup::expectation).orElse(null);
            Expectation last = node.object("expectLast", false).map(SmokeCheckGroup::expectation).orElse(null);
            if (last != null && repeat < 2) {
                node.error("expectLast", "needs repeat: 2 or more");
            }
            if (expect == null && last == null) {
                node.error("expect", "required (status, headerContains, jsonPointer, bodyMatches, maxLatency)");
            }
            Expectation none = new Expectation(null, Map.of(), Map.of(), null, null);
            out.add(context.define(node, "smoke", name, Severity.CRITICAL, new SmokeSettings(method, url, Map.copyOf(headers),
                    node.optString("body").orElse(null), repeat, expect == null ? none : expect, last,
                    node.bool("followRedirects", false))));
        });
        return out;
    }

    private static URI url(ConfigNode node) {
        String text = node.string("url").trim();
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below without echoing the value: a URL may carry a credential
        }
        if (node.has("url")) {
            node.error("url", "must be an http:// or https:// URL with a host");
        }
        return URI.create("http://invalid.invalid/");
    }

    private static Expectation expectation(ConfigNode e) {
        e.allowOnly(EXPECT_KEYS);
        Integer status = e.has("status") ? e.integer("status", 200, 100, 599) : null;
        String regex = e.optString("bodyMatches").orElse(null);
        if (regex != null) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException ex) {
                e.error("bodyMatches", "not a regular expression: " + ex.getDescription());
            }
        }
        Map<String, String> pointers = e.stringMap("jsonPointer");
        pointers.keySet().stream().filter(p -> !p.startsWith("/")).findFirst()
                .ifPresent(p -> e.error("jsonPointer", "'" + p + "' is not a JSON pointer (it starts with /)"));
        Duration maxLatency = e.has("maxLatency") ? e.duration("maxLatency", Duration.ofSeconds(1)) : null;
        return new Expectation(status, Map.copyOf(e.stringMap("headerContains")), Map.copyOf(pointers), regex, maxLatency);
    }

    @Override
    public Probe newProbe(CheckDefinition check) {
        return new SmokeProbe(check.target(), check.settings(SmokeSettings.class));
    }
}
