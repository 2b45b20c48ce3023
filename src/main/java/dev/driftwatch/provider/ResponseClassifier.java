package dev.driftwatch.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.config.Durations;
import dev.driftwatch.provider.Verification.Credit;
import dev.driftwatch.provider.Verification.Status;
import java.util.Locale;

/**
 * Turns a provider's answer into a {@link Verification}, as the design's provider table says: 200 with the documented
 * body is valid; the provider's rejection statuses are rejected; 429 {@code insufficient_quota}, 402 Payment Required
 * (OpenRouter, Together, Mistral) and a spent OpenRouter key limit are quota exhausted; everything else (other 429s, 5xx, no response, an undocumented body) is unverifiable.
 */
final class ResponseClassifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponseClassifier() {
    }

    static Verification classify(ProviderType type, String endpoint, HttpOutcome outcome) {
        String who = type.label();
        if (outcome.failed()) {
            return Verification.unverifiable("cannot verify: " + outcome.failure());
        }
        int status = outcome.status();
        JsonNode json = parse(outcome.body());
        if (status >= 200 && status < 300) {
            return success(type, endpoint, status, json, outcome.body());
        }
        ErrorBody error = ErrorBody.of(json);
        String answered = who + " answered " + status + (error.type() == null ? "" : " " + error.type());
        if (type == ProviderType.OPENAI && (status == 401 || status == 403) && !error.missingScopes().isEmpty()) {
            return result(Status.UNVERIFIABLE, "cannot verify a restricted key this way: " + answered
                    + " (missing scope " + String.join(", ", error.missingScopes()) + ")", status, error, outcome);
        }
        if (type.rejects(status) || (type == ProviderType.GEMINI && status == 400 && error.says("API_KEY_INVALID"))) {
            return result(Status.REJECTED, "key rejected: " + answered + " to GET " + endpoint, status, error, outcome);
        }
        if (status == 429 && error.says("insufficient_quota")) {
            return result(Status.QUOTA_EXHAUSTED, "quota exhausted: " + answered, status, error, outcome);
        }
        if (status == 402) {
            return result(Status.QUOTA_EXHAUSTED, "quota exhausted: " + answered + " (payment required)", status, error, outcome);
        }
        if (status == 429) {
            String retry = outcome.retryAfter() == null ? "" : ", Retry-After " + Durations.format(outcome.retryAfter());
            return result(Status.UNVERIFIABLE, "cannot verify: " + answered + " (rate limited" + retry + ")", status, error, outcome);
        }
        if (status >= 500) {
            return result(Status.UNVERIFIABLE, "cannot verify: " + answered + " (provider error)", status, error, outcome);
        }
        return result(Status.UNVERIFIABLE, "cannot verify: " + answered + " to GET " + endpoint
                + " (not an answer the provider documents for this request; is baseUrl right?)", status, error, outcome);
    }

    private static Verification result(Status s, String reason, int status, ErrorBody error, HttpOutcome outcome) {
        return new Verification(s, reason, status, error.type(), outcome.retryAfter(), null);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static Verification success(ProviderType type, String endpoint, int status, JsonNode json, String body) {
        String who = type.label();
        if (json == null) {
            return new Verification(Status.UNVERIFIABLE, "cannot verify: " + who + " answered " + status + " to GET " + endpoint
                    + (body == null || body.isBlank() ? " with an empty body" : " with a body that is not JSON"), status, null, null, null);
        }
        String expected = documentedShapeMissing(type, json);
        if (expected != null) {
            return new Verification(Status.UNVERIFIABLE, "cannot verify: " + who + " answered " + status + " to GET " + endpoint
                    + " with a body that is not the documented one (" + expected + ")", status, null, null, null);
        }
        if (type == ProviderType.OPENROUTER) {
            return openRouterKey(endpoint, status, json.get("data"));
        }
        return new Verification(Status.VALID, "key valid: " + who + " answered " + status + " to GET " + endpoint, status, null, null, null);
    }

    /** What the documented 200 body lacks, or null when it has the documented shape. */
    private static String documentedShapeMissing(ProviderType type, JsonNode json) {
        return switch (type) {
            case GEMINI -> json.isObject() && json.path("models").isArray() ? null : "no models array";
            case OPENROUTER -> openRouterShape(json.get("data"));
            // Together documents a bare array of models; accept the OpenAI list shape its compatibility layer may use.
            case TOGETHER -> json.isArray() || json.path("data").isArray() ? null : "no model array";
            default -> json.isObject() && json.path("data").isArray() ? null : "no data array";
        };
    }

    private static String openRouterShape(JsonNode data) {
        if (data == null || !data.isObject()) {
            return "no data object";
        }
        if (!data.path("usage").isNumber()) {
            return "no numeric data.usage";
        }
        if (!(data.path("limit").isNumber() || data.path("limit").isNull() || data.path("limit").isMissingNode())) {
            return "data.limit is neither a number nor null";
        }
        return null;
    }

    private static Verification openRouterKey(String endpoint, int status, JsonNode data) {
        Double limit = data.path("limit").isNumber() ? data.get("limit").asDouble() : null;
        double usage = data.get("usage").asDouble();
        Double remaining = data.path("limit_remaining").isNumber() ? data.get("limit_remaining").asDouble()
                : limit == null ? null : Math.max(0, limit - usage);
        Boolean freeTier = data.path("is_free_tier").isBoolean() ? data.get("is_free_tier").asBoolean() : null;
        Credit credit = new Credit(limit, usage, remaining, freeTier);
        if (limit != null && remaining != null && remaining <= 0) {
            return new Verification(Status.QUOTA_EXHAUSTED, "quota exhausted: openrouter key limit of " + money(limit)
                    + " is spent (usage " + money(usage) + ")", status, null, null, credit);
        }
        String left = limit == null ? "no credit limit, usage " + money(usage) : money(remaining) + " of " + money(limit) + " left";
        return new Verification(Status.VALID, "key valid: openrouter answered " + status + " to GET " + endpoint + " (" + left + ")",
                status, null, null, credit);
    }

    private static String money(double credits) {
        return String.format(Locale.ROOT, "$%.2f", credits);
    }
}
