package dev.driftwatch.platform.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.config.Redactor;
import dev.driftwatch.config.Secret;
import dev.driftwatch.platform.http.JsonGet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a project's database branches from the Supabase Management API (https://supabase.com/docs/reference/api/introduction,
 * bearer personal access token), turning every answer (any status, a malformed or oversized body, no answer) into a
 * {@link SupabaseAnswer}; it never throws except when interrupted. Messages name the endpoint, never the token or a
 * database password.
 */
@ApplicationScoped
public class SupabaseApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 160;
    /** Project refs and branch ids (uuids) as the API spells them: nothing that could leave the path segment. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");

    private final JsonGet http;

    @Inject
    public SupabaseApi(JsonGet http) {
        this.http = http;
    }

    /** Every branch of the project, the default (production) branch included: {@code GET /v1/projects/{ref}/branches}. */
    public SupabaseAnswer<List<Branch>> branches(SupabaseProject project, Duration timeout) throws InterruptedException {
        return call(project, "/v1/projects/" + project.ref() + "/branches", timeout, SupabaseApi::parseBranches);
    }

    /** The database of one branch: {@code GET /v1/branches/{branch_id_or_ref}}. */
    public SupabaseAnswer<BranchDatabase> database(SupabaseProject project, String branchId, Duration timeout) throws InterruptedException {
        if (!ID.matcher(branchId).matches()) {
            return SupabaseAnswer.failed("Supabase listed a branch whose id is not a ref or uuid", 200);
        }
        return call(project, "/v1/branches/" + branchId, timeout, SupabaseApi::parseDatabase);
    }

    private <T> SupabaseAnswer<T> call(SupabaseProject project, String path, Duration timeout, Function<JsonNode, T> parser)
            throws InterruptedException {
        String what = "GET " + path;
        JsonGet.Answer answer = http.get(URI.create(project.baseUrl() + path), project.token(), timeout);
        if (!answer.answered()) {
            return SupabaseAnswer.failed("Supabase Management API " + what + ": " + answer.failure(), 0);
        }
        if (answer.status() != 200) {
            return SupabaseAnswer.failed(failure(what, answer, new Redactor(List.of(project.token()))), answer.status());
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(answer.body());
        } catch (IOException e) {
            return SupabaseAnswer.failed("Supabase answered " + what + " with a body that is not JSON", 200);
        }
        try {
            return SupabaseAnswer.of(parser.apply(tree));
        } catch (IllegalArgumentException e) {
            return SupabaseAnswer.failed("Supabase answered " + what + " with an unexpected body (" + e.getMessage() + ")", 200);
        }
    }

    /** The status, Supabase's own message (redacted, then cut) and what it means for the operator. */
    private static String failure(String what, JsonGet.Answer answer, Redactor redactor) {
        String message = null;
        try {
            JsonNode body = JSON.readTree(answer.body());
            JsonNode m = body.path("message").isTextual() ? body.path("message") : body.path("error");
            message = m.isTextual() ? m.asText() : null;
        } catch (IOException | RuntimeException e) {
            // not JSON: the status says enough
        }
        StringBuilder out = new StringBuilder("Supabase answered ").append(answer.status()).append(" to ").append(what);
        if (message != null) {
            String scrubbed = redactor.scrub(message).replaceAll("\\p{Cntrl}", "?");
            out.append(" (").append(scrubbed.length() > MAX_MESSAGE ? scrubbed.substring(0, MAX_MESSAGE) + "…" : scrubbed).append(')');
        }
        switch (answer.status()) {
            case 401 -> out.append(": the access token driftwatch uses is missing, invalid or expired");
            case 403 -> out.append(": the access token cannot read this project");
            case 404 -> out.append(": no such project or branch for this token");
            case 429 -> {
                String retry = answer.header("Retry-After");
                out.append(": rate limited").append(retry != null && retry.matches("\\d{1,6}") ? ", retry after " + retry + "s" : "");
            }
            default -> {
                if (answer.status() >= 500) {
                    out.append(": the Management API is failing");
                }
            }
        }
        return out.toString();
    }

    static List<Branch> parseBranches(JsonNode body) {
        if (!body.isArray()) {
            throw new IllegalArgumentException("not a list of branches");
        }
        List<Branch> out = new ArrayList<>();
        for (JsonNode b : body) {
            String id = required(b, "id");
            String ref = required(b, "project_ref");
            String name = required(b, "name");
            out.add(new Branch(id, name, ref, text(b, "git_branch"), b.path("is_default").asBoolean(false), text(b, "status")));
        }
        return List.copyOf(out);
    }

    static BranchDatabase parseDatabase(JsonNode body) {
        String host = required(body, "db_host");
        JsonNode port = body.get("db_port");
        if (port == null || !port.canConvertToInt() || port.asInt() < 1 || port.asInt() > 65535) {
            throw new IllegalArgumentException("db_port is not a port number");
        }
        String pass = text(body, "db_pass");
        return new BranchDatabase(text(body, "ref"), host, port.asInt(), text(body, "db_user"),
                pass == null ? null : new Secret(pass), text(body, "status"));
    }

    private static String required(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null) {
            throw new IllegalArgumentException("no " + field);
        }
        return v;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }
}
