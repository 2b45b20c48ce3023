package dev.driftwatch.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.probe.EnvironmentEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Release markers over HTTP ({@code /api/v1/environments/{env}/releases}): CI posts the commit it released to an
 * environment; the {@code deployment} check then expects the alias to serve exactly that commit. The api package
 * verifies the bearer token before a post.
 */
@ApplicationScoped
public class ReleaseEndpoint implements EnvironmentEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{7,40}");
    private static final Pattern HOST = Pattern.compile("(https?://)?[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?/?");
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Duration LEEWAY = Duration.ofMinutes(10);
    private static final Set<String> FIELDS = Set.of("commit", "deploymentUrl", "at");

    private final ReleaseMarkers markers;

    public ReleaseEndpoint(ReleaseMarkers markers) {
        this.markers = markers;
    }

    @Override
    public String path() {
        return "releases";
    }

    @Override
    public Answer post(EnvironmentConfig environment, String body) {
        ReleaseMarker marker = parse(body);
        try {
            markers.record(environment.name(), marker);
        } catch (ReleaseMarkers.NotStored e) {
            throw new Refusal(503, "the release marker was not stored, as the data directory cannot be written ("
                    + e.getMessage() + "): fix the disk and post it again", Map.of("Retry-After", "30"));
        }
        return new Answer(201, json(environment.name(), marker));
    }

    @Override
    public Answer get(EnvironmentConfig environment) {
        String name = environment.name();
        return Answer.ok(markers.latest(name).map(m -> json(name, m))
                .orElseThrow(() -> new Refusal(404, "no release marker for " + name + " yet: CI posts one with "
                        + "POST /api/v1/environments/" + name + "/releases")));
    }

    static ReleaseMarker parse(String body) {
        JsonNode tree;
        try {
            tree = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            throw new Refusal(400, "body: not JSON (expected {\"commit\": \"<sha>\"})");
        }
        if (tree == null || !tree.isObject()) {
            throw new Refusal(400, "body: expected a JSON object {\"commit\": \"<sha>\"}");
        }
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new Refusal(400, "body." + field + ": unknown field (expected commit, deploymentUrl, at)");
            }
        }
        JsonNode commit = tree.get("commit");
        if (commit == null || !commit.isTextual() || !COMMIT.matcher(commit.asText()).matches()) {
            throw new Refusal(400, "body.commit: required, a git commit SHA (7 to 40 hex digits)");
        }
        String url = null;
        JsonNode u = tree.get("deploymentUrl");
        if (u != null && !u.isNull()) {
            if (!u.isTextual() || !HOST.matcher(u.asText()).matches()) {
                throw new Refusal(400, "body.deploymentUrl: must be the deployment's hostname, e.g. app-abc123.vercel.app");
            }
            url = ReleaseMarker.hostOf(u.asText());
        }
        Instant now = Instant.now();
        Instant at = now;
        JsonNode a = tree.get("at");
        if (a != null && !a.isNull()) {
            try {
                at = Instant.parse(a.asText());
            } catch (DateTimeParseException e) {
                throw new Refusal(400, "body.at: must be an ISO-8601 instant such as 2025-01-31T12:00:00Z");
            }
            if (at.isBefore(EARLIEST) || at.isAfter(now.plus(LEEWAY))) {
                throw new Refusal(400, "body.at: must be a time between " + EARLIEST + " and now (at most "
                        + LEEWAY.toMinutes() + " minutes ahead, for clock skew)");
            }
        }
        return new ReleaseMarker(commit.asText().toLowerCase(Locale.ROOT), url, at);
    }

    private static Map<String, Object> json(String env, ReleaseMarker m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("environment", env);
        out.put("commit", m.commit());
        out.put("deploymentUrl", m.deploymentUrl());
        out.put("at", m.at().toString());
        return out;
    }
}
