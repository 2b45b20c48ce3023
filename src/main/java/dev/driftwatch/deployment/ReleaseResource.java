package dev.driftwatch.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.api.ApiException;
import dev.driftwatch.api.ApiToken;
import dev.driftwatch.api.Environments;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Release markers: CI posts the commit it released to an environment; the {@code deployment} check then expects the
 * production alias to serve exactly that commit. Posting needs the same bearer token as the probe endpoint.
 */
@Path("/api/v1/environments/{env}/releases")
@Produces(MediaType.APPLICATION_JSON)
public class ReleaseResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{7,40}");
    private static final Pattern HOST = Pattern.compile("(https?://)?[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?/?");
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final java.time.Duration LEEWAY = java.time.Duration.ofMinutes(10);
    private static final Set<String> FIELDS = Set.of("commit", "deploymentUrl", "at");

    @Inject
    ApiToken token;
    @Inject
    Environments environments;
    @Inject
    ReleaseMarkers markers;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Record what CI released (needs the bearer token): body {\"commit\": \"<sha>\", "
            + "\"deploymentUrl\"?: \"<host>\", \"at\"?: \"<ISO-8601 instant>\"}; answers 201 with the stored marker")
    public Response post(@PathParam("env") String name, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        token.verify(authorization); // WriteGuard checked it before the body was read; this keeps the resource safe alone
        environments.get(name);
        ReleaseMarker marker = parse(body);
        try {
            markers.record(name, marker);
        } catch (ReleaseMarkers.NotStored e) {
            throw new ApiException(503, "the release marker was not stored, as the data directory cannot be written ("
                    + e.getMessage() + "): fix the disk and post it again", Map.of("Retry-After", "30"));
        }
        return Response.status(201).entity(json(name, marker)).build();
    }

    @GET
    @Operation(summary = "The latest release marker of the environment; 404 when CI has posted none")
    public Map<String, Object> latest(@PathParam("env") String name) {
        environments.get(name);
        return markers.latest(name).map(m -> json(name, m))
                .orElseThrow(() -> new ApiException(404, "no release marker for " + name + " yet: CI posts one with "
                        + "POST /api/v1/environments/" + name + "/releases"));
    }

    static ReleaseMarker parse(String body) {
        JsonNode tree;
        try {
            tree = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            throw new ApiException(400, "body: not JSON (expected {\"commit\": \"<sha>\"})");
        }
        if (tree == null || !tree.isObject()) {
            throw new ApiException(400, "body: expected a JSON object {\"commit\": \"<sha>\"}");
        }
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new ApiException(400, "body." + field + ": unknown field (expected commit, deploymentUrl, at)");
            }
        }
        JsonNode commit = tree.get("commit");
        if (commit == null || !commit.isTextual() || !COMMIT.matcher(commit.asText()).matches()) {
            throw new ApiException(400, "body.commit: required, a git commit SHA (7 to 40 hex digits)");
        }
        String url = null;
        JsonNode u = tree.get("deploymentUrl");
        if (u != null && !u.isNull()) {
            if (!u.isTextual() || !HOST.matcher(u.asText()).matches()) {
                throw new ApiException(400, "body.deploymentUrl: must be the deployment's hostname, e.g. app-abc123.vercel.app");
            }
            url = hostOf(u.asText());
        }
        Instant now = Instant.now();
        Instant at = now;
        JsonNode a = tree.get("at");
        if (a != null && !a.isNull()) {
            try {
                at = Instant.parse(a.asText());
            } catch (DateTimeParseException e) {
                throw new ApiException(400, "body.at: must be an ISO-8601 instant such as 2025-01-31T12:00:00Z");
            }
            if (at.isBefore(EARLIEST) || at.isAfter(now.plus(LEEWAY))) {
                throw new ApiException(400, "body.at: must be a time between " + EARLIEST + " and now (at most "
                        + LEEWAY.toMinutes() + " minutes ahead, for clock skew)");
            }
        }
        return new ReleaseMarker(commit.asText().toLowerCase(Locale.ROOT), url, at);
    }

    /** {@code https://app-abc.vercel.app/} and {@code app-abc.vercel.app} name the same deployment. */
    static String hostOf(String url) {
        return url.replaceFirst("^https?://", "").replaceAll("/+$", "").toLowerCase(Locale.ROOT);
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
