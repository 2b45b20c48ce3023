package dev.driftwatch.platform.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.config.Redactor;
import dev.driftwatch.platform.http.JsonGet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists a project's READY preview deployments through {@code GET /v6/deployments?projectId=&target=preview&state=READY
 * &limit=100[&teamId=]} (https://vercel.com/docs/rest-api/deployments/list-deployments), following pagination
 * ({@code until=<pagination.next>} until {@code next} is null, https://vercel.com/docs/rest-api#pagination) at most
 * {@link #MAX_PAGES} pages. Deployments come newest first, so paging stops at the first page reaching past the horizon.
 * The answer is the whole list or a failure, never part of a list.
 */
@ApplicationScoped
public class VercelDeployments {
    /** Pages followed at most: 2,000 deployments, and a {@code next} that loops cannot hold the caller. */
    public static final int MAX_PAGES = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonGet http;

    @Inject
    public VercelDeployments(JsonGet http) {
        this.http = http;
    }

    /** Every READY preview deployment created at or after {@code horizon}, newest first. */
    public VercelAnswer<List<PreviewDeployment>> readyPreviews(VercelProject project, Instant horizon, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String query = "projectId=" + encode(project.projectId()) + "&target=preview&state=READY&limit=100"
                + (project.teamId() == null ? "" : "&teamId=" + encode(project.teamId()));
        String what = "GET /v6/deployments?projectId=" + project.projectId() + "&target=preview";
        List<PreviewDeployment> out = new ArrayList<>();
        Long until = null;
        for (int page = 1; page <= MAX_PAGES; page++) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.toMillis() < 1) {
                return VercelAnswer.failed("no time left for page " + page + " of " + what, 0);
            }
            URI uri = URI.create(project.baseUrl() + "/v6/deployments?" + query + (until == null ? "" : "&until=" + until));
            JsonGet.Answer answer = http.get(uri, project.token(), left);
            if (!answer.answered()) {
                return VercelAnswer.failed("Vercel API " + what + ": " + answer.failure(), 0);
            }
            if (answer.status() != 200) {
                return VercelAnswer.failed(VercelApi.failure(what, answer.status(), answer.body(), answer.header("Retry-After"),
                        answer.header("X-RateLimit-Reset"), new Redactor(List.of(project.token()))), answer.status());
            }
            Page parsed;
            try {
                parsed = parse(JSON.readTree(answer.body()));
            } catch (IOException e) {
                return VercelAnswer.failed("Vercel answered " + what + " with a body that is not JSON", 200);
            } catch (IllegalArgumentException e) {
                return VercelAnswer.failed("Vercel answered " + what + " with an unexpected body (" + e.getMessage() + ")", 200);
            }
            boolean pastHorizon = false;
            for (PreviewDeployment d : parsed.deployments()) {
                if (d.created() >= horizon.toEpochMilli()) {
                    out.add(d);
                } else {
                    pastHorizon = true;
                }
            }
            if (parsed.next() == null || pastHorizon) {
                return VercelAnswer.of(List.copyOf(out));
            }
            if (until != null && parsed.next() >= until) {
                return VercelAnswer.failed("Vercel's pagination of " + what + " does not move back in time (next "
                        + parsed.next() + " after until " + until + ")", 200);
            }
            until = parsed.next();
        }
        return VercelAnswer.failed("Vercel lists more than " + MAX_PAGES * 100 + " READY preview deployments for " + what
                + " within the horizon; shorten maxAge", 200);
    }

    record Page(List<PreviewDeployment> deployments, Long next) {
    }

    static Page parse(JsonNode body) {
        JsonNode list = body.path("deployments");
        if (!list.isArray()) {
            throw new IllegalArgumentException("no deployments array");
        }
        List<PreviewDeployment> out = new ArrayList<>();
        for (JsonNode d : list) {
            String uid = text(d, "uid");
            if (uid == null) {
                throw new IllegalArgumentException("a deployment without uid");
            }
            String state = text(d, "readyState") != null ? text(d, "readyState") : text(d, "state");
            if (!"READY".equals(state) || "production".equals(text(d, "target")) || text(d, "url") == null) {
                continue;
            }
            JsonNode created = d.get("created") != null ? d.get("created") : d.get("createdAt");
            if (created == null || !created.canConvertToLong()) {
                throw new IllegalArgumentException("deployment " + uid + " without created");
            }
            JsonNode meta = d.path("meta");
            out.add(new PreviewDeployment(uid, text(d, "url"), first(meta, "CommitRef"), first(meta, "CommitSha"), created.asLong()));
        }
        JsonNode next = body.path("pagination").path("next");
        if (!next.isMissingNode() && !next.isNull() && !next.canConvertToLong()) {
            throw new IllegalArgumentException("pagination.next is not a timestamp");
        }
        return new Page(List.copyOf(out), next.isMissingNode() || next.isNull() ? null : next.asLong());
    }

    private static String first(JsonNode meta, String suffix) {
        for (String scm : List.of("github", "gitlab", "bitbucket")) {
            String v = text(meta, scm + suffix);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }
}
