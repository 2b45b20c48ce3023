package dev.driftwatch.platform.vercel;

import dev.driftwatch.probe.OutboundFailure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.config.Redactor;
import dev.driftwatch.config.Secret;
import dev.driftwatch.platform.http.RestClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reads a project's environment variables and the deployment behind an alias from Vercel's REST API, turning every
 * answer (any status, a malformed body, a timeout, a refused connection) into a {@link VercelAnswer}; it never throws.
 * Values become {@link Secret}s while the JSON is parsed; the token goes into the Authorization header only.
 */
@ApplicationScoped
public class VercelApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 160;

    private final RestClients clients;

    /** Requests go through the shared clients: kept-alive connections to Vercel, not one per request. */
    public VercelApi(RestClients clients) {
        this.clients = clients;
    }

    /**
     * Every variable of the project, with decrypted values where Vercel returns them, following pagination
     * ({@code until=<pagination.next>} until {@code next} is null, https://vercel.com/docs/rest-api#pagination) at most
     * {@link VercelDeployments#MAX_PAGES} pages: all pages or a failure, never the first page alone.
     */
    public VercelAnswer<List<EnvVar>> envVars(VercelProject project, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String what = "GET /v10/projects/" + project.projectId() + "/env";
        List<EnvVar> all = new ArrayList<>();
        Long until = null;
        for (int page = 1; page <= VercelDeployments.MAX_PAGES; page++) {
            Long from = until;
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100)));
            VercelAnswer<Page<EnvVar>> answer = call(project, left,
                    c -> c.env(project.projectId(), "true", project.teamId(), from, bearer(project)),
                    from == null ? what : what + "?until=" + from, VercelApi::parseEnvPage);
            if (!answer.ok()) {
                return answer.mapFailure();
            }
            all.addAll(answer.value().items());
            Long next = answer.value().next();
            if (next == null) {
                return VercelAnswer.of(List.copyOf(all));
            }
            if (from != null && next >= from) {
                return VercelAnswer.failed("Vercel's pagination of " + what + " does not move back in time (next " + next
                        + " after until " + from + ")", 200);
            }
            until = next;
        }
        return VercelAnswer.failed("Vercel lists the variables of " + what + " on more than " + VercelDeployments.MAX_PAGES
                + " pages", 200);
    }

    /** One page of a paginated list: its items and {@code pagination.next}, null on the last page. */
    record Page<T>(List<T> items, Long next) {
    }

    static Page<EnvVar> parseEnvPage(JsonNode body) {
        JsonNode next = body.path("pagination").path("next");
        if (!next.isMissingNode() && !next.isNull() && !next.canConvertToLong()) {
            throw new IllegalArgumentException("pagination.next is not a timestamp");
        }
        return new Page<>(parseEnv(body), next.isMissingNode() || next.isNull() ? null : next.asLong());
    }

    /** The deployment an alias (a hostname such as {@code app.example.com}) currently serves. */
    public VercelAnswer<Deployment> aliasDeployment(VercelProject project, String alias, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        VercelAnswer<String> id = call(project, timeout, c -> c.alias(alias, null, project.teamId(), bearer(project)),
                "GET /v4/aliases/" + alias, body -> text(body, "deploymentId"));
        if (!id.ok()) {
            return id.mapFailure();
        }
        if (id.value() == null) {
            return VercelAnswer.failed("Vercel's alias " + alias + " names no deploymentId", 200);
        }
        Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100)));
        return call(project, left, c -> c.deployment(id.value(), project.teamId(), bearer(project)),
                "GET /v13/deployments/" + id.value(), body -> new Deployment(alias, id.value(), text(body, "url"),
                        text(body, "readyState"), commit(body), text(body, "target")));
    }

    private static String bearer(VercelProject project) {
        return "Bearer " + project.token().reveal();
    }

    private <T> VercelAnswer<T> call(VercelProject project, Duration timeout, Function<VercelClient, Response> request,
                                            String what, Function<JsonNode, T> parser) {
        VercelClient client;
        try {
            client = clients.client(VercelClient.class, project.baseUrl(), timeout, Set.of("Authorization"));
        } catch (RuntimeException e) {
            return VercelAnswer.failed("cannot create a client for " + host(project) + " (" + e.getClass().getSimpleName() + ")", 0);
        }
        try (Response response = request.apply(client)) {
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            int status = response.getStatus();
            if (status != 200) {
                return VercelAnswer.failed(failure(what, status, body, response.getHeaderString("Retry-After"),
                        response.getHeaderString("X-RateLimit-Reset"), new Redactor(List.of(project.token()))), status);
            }
            JsonNode tree;
            try {
                tree = JSON.readTree(body);
            } catch (IOException e) {
                return VercelAnswer.failed("Vercel answered " + what + " with a body that is not JSON", status);
            }
            try {
                return VercelAnswer.of(parser.apply(tree));
            } catch (RuntimeException e) {
                return VercelAnswer.failed("Vercel answered " + what + " with an unexpected body (" + e.getMessage() + ")", status);
            }
        } catch (RuntimeException e) {
            return VercelAnswer.failed(OutboundFailure.of(e, host(project), timeout).describe(), 0);
        }
    }

    /** Vercel's answer as a reason; its message is redacted before it is cut, so a cut token cannot escape. */
    static String failure(String what, int status, String body, String retryAfter, String reset, Redactor redactor) {
        String code = null;
        String message = null;
        try {
            JsonNode error = JSON.readTree(body).path("error");
            code = error.path("code").isTextual() ? error.path("code").asText() : null;
            message = error.path("message").isTextual() ? error.path("message").asText() : null;
        } catch (IOException | RuntimeException e) {
            // a body that is not Vercel's error shape: the status says enough
        }
        StringBuilder out = new StringBuilder("Vercel answered ").append(status);
        if (code != null) {
            out.append(' ').append(redactor.scrub(code));
        }
        out.append(" to ").append(what);
        if (message != null) {
            String scrubbed = redactor.scrub(message);
            String m = scrubbed.length() > MAX_MESSAGE ? scrubbed.substring(0, MAX_MESSAGE) + "…" : scrubbed;
            out.append(" (").append(m).append(')');
        }
        switch (status) {
            case 401 -> out.append(": the token driftwatch uses is missing, invalid or expired");
            case 403 -> out.append(": the token cannot read this project (wrong team or scope?)");
            case 404 -> out.append(": no such project, alias or deployment for this token");
            case 429 -> out.append(": rate limited").append(retryAfter != null ? ", retry after " + retryAfter + "s"
                    : reset != null ? ", limit resets at epoch second " + reset : "");
            default -> {
                if (status >= 500) {
                    out.append(": Vercel's API is failing");
                }
            }
        }
        return out.toString();
    }

    private static String host(VercelProject project) {
        return OutboundFailure.hostPort(project.baseUrl());
    }

    static List<EnvVar> parseEnv(JsonNode body) {
        JsonNode envs = body.path("envs");
        if (!envs.isArray()) {
            throw new IllegalArgumentException("no envs array");
        }
        List<EnvVar> out = new ArrayList<>();
        for (JsonNode e : envs) {
            String key = text(e, "key");
            if (key == null) {
                continue;
            }
            String type = text(e, "type");
            JsonNode value = e.get("value");
            boolean hidden = "sensitive".equals(type) || "secret".equals(type) || value == null || !value.isTextual();
            Secret secret = hidden ? null : new Secret(value.asText());
            List<String> targets = new ArrayList<>();
            JsonNode t = e.path("target");
            if (t.isArray()) {
                t.forEach(x -> targets.add(x.asText()));
            } else if (t.isTextual()) {
                targets.add(t.asText());
            }
            out.add(new EnvVar(key, secret, type == null ? "unknown" : type, List.copyOf(targets)));
        }
        return List.copyOf(out);
    }

    private static String commit(JsonNode body) {
        JsonNode meta = body.path("meta");
        for (String field : List.of("githubCommitSha", "gitlabCommitSha", "bitbucketCommitSha")) {
            String sha = text(meta, field);
            if (sha != null) {
                return sha;
            }
        }
        return text(body.path("gitSource"), "sha");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }
}
