package dev.driftwatch.testsupport.providers;

import dev.driftwatch.provider.ProviderType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every answer the fake providers give, in one place, each as the provider's public documentation shows it (status,
 * headers, body). The URL above each provider's answers is the page they follow; where a provider documents no body
 * for a status, the answer uses the error shape the same page documents for its other errors.
 */
public final class ProviderFixtures {
    private ProviderFixtures() {
    }

    /** What a fake provider does with one request. */
    public enum Scenario {
        /** 200 with the documented model list (OpenRouter: key details with credit left). */
        OK,
        /** 401 with the documented authentication error. */
        UNAUTHORIZED_401,
        /** 403 with the documented permission error. */
        FORBIDDEN_403,
        /** 429 with OpenAI's {@code insufficient_quota} error (OpenAI and OpenAI-compatible APIs). */
        QUOTA_429,
        /** 429 with the documented rate-limit error and {@code Retry-After: 20}. */
        RATE_LIMITED_429,
        /** 500 with the documented server error. */
        SERVER_ERROR_500,
        /** 503 with the documented overload / unavailable error. */
        UNAVAILABLE_503,
        /** 200 with a documented body, but only after {@link #SLOW_DELAY}: slower than any test's timeout. */
        SLOW,
        /** 200 whose body is cut off in the middle: not JSON. */
        MALFORMED_JSON,
        /** The connection is reset (TCP RST) after the request is read, before any response. */
        RESET,
        /** Gemini: 400 INVALID_ARGUMENT with reason API_KEY_INVALID, its answer to a wrong key. */
        GEMINI_KEY_INVALID_400,
        /** OpenRouter: 200 key details whose limit is spent (limit_remaining 0). */
        OPENROUTER_LIMIT_SPENT,
        /** OpenRouter and Together: 402, out of credits or over the spending limit. */
        PAYMENT_REQUIRED_402,
        /** OpenAI: 403 for a restricted key that lacks the models read scope. */
        OPENAI_RESTRICTED_403
    }

    public static final Duration SLOW_DELAY = Duration.ofSeconds(6);

    /** A canned HTTP answer. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer json(int status, String body) {
            return new Answer(status, Map.of(), body);
        }
    }

    /** The base path of each provider's API below its host, as its SDKs use it (driftwatch appends the endpoint). */
    public static String basePath(ProviderType type) {
        return switch (type) {
            case OPENAI, MISTRAL, TOGETHER, OPENAI_COMPATIBLE -> "/v1";
            case OPENROUTER -> "/api/v1";
            case GROQ -> "/openai/v1";
            case ANTHROPIC, GEMINI -> "";
        };
    }

    /** The documented answer of {@code type} in {@code scenario}; {@code maskedKey} is the key as providers echo it. */
    public static Answer answer(ProviderType type, Scenario scenario, String maskedKey) {
        return switch (type) {
            case OPENAI, OPENAI_COMPATIBLE -> openAi(scenario, maskedKey);
            case ANTHROPIC -> anthropic(scenario);
            case OPENROUTER -> openRouter(scenario);
            case GROQ -> groq(scenario);
            case GEMINI -> gemini(scenario);
            case MISTRAL -> mistral(scenario);
            case TOGETHER -> together(scenario);
        };
    }

    public static Answer malformed(ProviderType type) {
        return Answer.json(200, type == ProviderType.TOGETHER ? "[{\"id\": \"meta-llama/Llama-3" : "{\"data\": [{\"id\": \"mod");
    }

    /**
     * Bodies that are not the provider's own errors: a 404 for a path the provider does not serve, and a 400 for a
     * request missing a header the provider requires.
     */
    public static Answer notFound() {
        return Answer.json(404, "{\"error\": {\"message\": \"fixture: no such endpoint\", \"type\": \"invalid_request_error\"}}");
    }

    // OpenAI: https://platform.openai.com/docs/api-reference/models/list (200) and
    // https://platform.openai.com/docs/guides/error-codes (401 invalid_api_key, 403 region/scopes, 429 rate limit and
    // insufficient_quota, 500, 503 overloaded); the error object is {"error": {"message", "type", "param", "code"}}.
    private static Answer openAi(Scenario s, String maskedKey) {
        return switch (s) {
            case OK, SLOW -> Answer.json(200, """
                    {"object": "list", "data": [
                      {"id": "gpt-4o-mini", "object": "model", "created": 1721172741, "owned_by": "system"},
                      {"id": "text-embedding-3-small", "object": "model", "created": 1705948997, "owned_by": "system"}]}""");
            case UNAUTHORIZED_401 -> Answer.json(401, """
                    {"error": {"message": "Incorrect API key provided: %s. You can find your API key at https://platform.openai.com/account/api-keys.",
                      "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}""".formatted(maskedKey));
            case FORBIDDEN_403 -> Answer.json(403, """
                    {"error": {"message": "Country, region, or territory not supported", "type": "request_forbidden",
                      "param": null, "code": "unsupported_country_region_territory"}}""");
            case OPENAI_RESTRICTED_403 -> Answer.json(403, """
                    {"error": {"message": "You have insufficient permissions for this operation. Missing scopes: api.model.read. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.",
                      "type": "invalid_request_error", "param": null, "code": null}}""");
            case QUOTA_429 -> Answer.json(429, """
                    {"error": {"message": "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
                      "type": "insufficient_quota", "param": null, "code": "insufficient_quota"}}""");
            case RATE_LIMITED_429 -> new Answer(429, Map.of("Retry-After", "20"), """
                    {"error": {"message": "Rate limit reached for requests", "type": "requests", "param": null, "code": "rate_limit_exceeded"}}""");
            case SERVER_ERROR_500 -> Answer.json(500, """
                    {"error": {"message": "The server had an error while processing your request. Sorry about that!", "type": "server_error", "param": null, "code": null}}""");
            case UNAVAILABLE_503 -> Answer.json(503, """
                    {"error": {"message": "The engine is currently overloaded, please try again later.", "type": "server_error", "param": null, "code": null}}""");
            default -> notFound();
        };
    }

    // Anthropic: https://docs.anthropic.com/en/api/models-list (200: data, has_more, first_id, last_id; driftwatch asks
    // for limit=1000, the largest page, so the whole list fits and has_more is false) and
    // https://docs.anthropic.com/en/api/errors ({"type": "error", "error": {"type", "message"}}: 401 authentication_error,
    // 403 permission_error, 429 rate_limit_error with retry-after, 500 api_error, 529 overloaded_error; 503 uses the shape).
    private static Answer anthropic(Scenario s) {
        return switch (s) {
            case OK, SLOW -> modelList(ProviderType.ANTHROPIC, List.of("claude-sonnet-4-20250514"));
            case UNAUTHORIZED_401 -> anthropicError(401, "authentication_error", "invalid x-api-key");
            case FORBIDDEN_403 -> anthropicError(403, "permission_error", "Your API key does not have permission to use the specified resource.");
            case RATE_LIMITED_429 -> new Answer(429, Map.of("retry-after", "20"), """
                    {"type": "error", "error": {"type": "rate_limit_error", "message": "Number of requests has exceeded your rate limit."}}""");
            case SERVER_ERROR_500 -> anthropicError(500, "api_error", "Internal server error");
            case UNAVAILABLE_503 -> anthropicError(503, "overloaded_error", "Overloaded");
            default -> notFound();
        };
    }

    private static Answer anthropicError(int status, String type, String message) {
        return Answer.json(status, """
                {"type": "error", "error": {"type": "%s", "message": "%s"}, "request_id": "req_011CSHoEeqs5C35K2UUqR7Fy"}"""
                .formatted(type, message));
    }

    // OpenRouter: https://openrouter.ai/docs/api-reference/api-keys/get-current-key (200: {"data": {"label", "limit",
    // "usage", "limit_remaining", "is_free_tier", ...}}) and https://openrouter.ai/docs/api-reference/errors
    // ({"error": {"code": <number>, "message"}}: 401 invalid credentials, 402 insufficient credits, 429, 502, 503).
    private static Answer openRouter(Scenario s) {
        return switch (s) {
            case OK, SLOW -> Answer.json(200, """
                    {"data": {"label": "sk-or-v1-au7...890", "limit": 100, "usage": 25.5, "limit_remaining": 74.5,
                      "limit_reset": "monthly", "is_free_tier": false, "is_provisioning_key": false,
                      "rate_limit": {"requests": 1000, "interval": "1h", "note": "This field is deprecated and safe to ignore."}}}""");
            case OPENROUTER_LIMIT_SPENT -> Answer.json(200, """
                    {"data": {"label": "sk-or-v1-au7...890", "limit": 100, "usage": 100.25, "limit_remaining": 0,
                      "limit_reset": null, "is_free_tier": false, "is_provisioning_key": false}}""");
            case UNAUTHORIZED_401 -> openRouterError(401, "No auth credentials found");
            case FORBIDDEN_403 -> openRouterError(403, "Your chosen model requires moderation and your input was flagged");
            case PAYMENT_REQUIRED_402 -> openRouterError(402, "Insufficient credits. Add more using https://openrouter.ai/credits");
            case RATE_LIMITED_429 -> new Answer(429, Map.of("Retry-After", "20"), """
                    {"error": {"code": 429, "message": "Rate limit exceeded"}}""");
            case SERVER_ERROR_500 -> openRouterError(500, "Internal Server Error");
            case UNAVAILABLE_503 -> openRouterError(503, "No available model provider that meets your routing requirements");
            default -> notFound();
        };
    }

    private static Answer openRouterError(int status, String message) {
        return Answer.json(status, "{\"error\": {\"code\": %d, \"message\": \"%s\"}}".formatted(status, message));
    }

    // Groq: https://console.groq.com/docs/models (GET /openai/v1/models, OpenAI list shape) and
    // https://console.groq.com/docs/errors ({"error": {"message", "type", "code"}}: 401 invalid_api_key, 403, 429 with
    // retry-after, 500, 503).
    private static Answer groq(Scenario s) {
        return switch (s) {
            case OK, SLOW -> Answer.json(200, """
                    {"object": "list", "data": [{"id": "llama-3.1-8b-instant", "object": "model", "created": 1693721698,
                      "owned_by": "Meta", "active": true, "context_window": 131072}]}""");
            case UNAUTHORIZED_401 -> Answer.json(401, """
                    {"error": {"message": "Invalid API Key", "type": "invalid_request_error", "code": "invalid_api_key"}}""");
            case FORBIDDEN_403 -> Answer.json(403, """
                    {"error": {"message": "Forbidden", "type": "permission_denied", "code": "permission_denied"}}""");
            case RATE_LIMITED_429 -> new Answer(429, Map.of("retry-after", "20"), """
                    {"error": {"message": "Rate limit reached for model `llama-3.1-8b-instant`", "type": "requests", "code": "rate_limit_exceeded"}}""");
            case SERVER_ERROR_500 -> Answer.json(500, """
                    {"error": {"message": "Internal Server Error", "type": "internal_server_error"}}""");
            case UNAVAILABLE_503 -> Answer.json(503, """
                    {"error": {"message": "Service Unavailable", "type": "service_unavailable"}}""");
            default -> notFound();
        };
    }

    // Gemini: https://ai.google.dev/api/models#method:-models.list (200: {"models": [...], "nextPageToken"}) and
    // https://ai.google.dev/gemini-api/docs/troubleshooting (google.rpc.Status errors: 400 INVALID_ARGUMENT with
    // ErrorInfo reason API_KEY_INVALID, 403 PERMISSION_DENIED, 429 RESOURCE_EXHAUSTED, 500 INTERNAL, 503 UNAVAILABLE).
    private static Answer gemini(Scenario s) {
        return switch (s) {
            case OK, SLOW -> Answer.json(200, """
                    {"models": [{"name": "models/gemini-2.0-flash", "version": "2.0", "displayName": "Gemini 2.0 Flash",
                      "inputTokenLimit": 1048576, "outputTokenLimit": 8192, "supportedGenerationMethods": ["generateContent"]}],
                     "nextPageToken": "Chttb2RlbHMvZ2VtaW5pLTIuMC1mbGFzaA=="}""");
            case GEMINI_KEY_INVALID_400 -> Answer.json(400, """
                    {"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.", "status": "INVALID_ARGUMENT",
                      "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com",
                        "metadata": {"service": "generativelanguage.googleapis.com"}},
                       {"@type": "type.googleapis.com/google.rpc.LocalizedMessage", "locale": "en-US",
                        "message": "API key not valid. Please pass a valid API key."}]}}""");
            case UNAUTHORIZED_401 -> googleError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
            case FORBIDDEN_403 -> googleError(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers.");
            case RATE_LIMITED_429 -> new Answer(429, Map.of("Retry-After", "20"), """
                    {"error": {"code": 429, "message": "Resource has been exhausted (e.g. check quota).", "status": "RESOURCE_EXHAUSTED"}}""");
            case SERVER_ERROR_500 -> googleError(500, "INTERNAL", "An internal error has occurred.");
            case UNAVAILABLE_503 -> googleError(503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
            default -> notFound();
        };
    }

    private static Answer googleError(int status, String code, String message) {
        return Answer.json(status, "{\"error\": {\"code\": %d, \"message\": \"%s\", \"status\": \"%s\"}}".formatted(status, message, code));
    }

    // Mistral: https://docs.mistral.ai/api/#tag/models/operation/list_models_v1_models_get (200: {"object": "list",
    // "data": [...]}); its gateway answers 401 {"message": "Unauthorized", "request_id"} (as seen in
    // github.com/mistralai/client-python issues); other errors {"object": "error", "message", "type", "param", "code"}.
    private static Answer mistral(Scenario s) {
        return switch (s) {
            case OK, SLOW -> Answer.json(200, """
                    {"object": "list", "data": [{"id": "mistral-small-latest", "object": "model", "created": 1711929600,
                      "owned_by": "mistralai", "capabilities": {"completion_chat": true}}]}""");
            case UNAUTHORIZED_401 -> Answer.json(401, "{\"message\": \"Unauthorized\", \"request_id\": \"933f233947ff6d346065bb297e4a4d56\"}");
            case FORBIDDEN_403 -> Answer.json(403, """
                    {"object": "error", "message": "Forbidden", "type": "forbidden", "param": null, "code": "1000"}""");
            case RATE_LIMITED_429 -> new Answer(429, Map.of("Retry-After", "20"), """
                    {"object": "error", "message": "Requests rate limit exceeded", "type": "rate_limited", "param": null, "code": "1300"}""");
            case SERVER_ERROR_500 -> Answer.json(500, """
                    {"object": "error", "message": "Internal server error", "type": "internal_server_error", "param": null, "code": "3000"}""");
            case UNAVAILABLE_503 -> Answer.json(503, """
                    {"object": "error", "message": "Service unavailable", "type": "service_unavailable", "param": null, "code": "3001"}""");
            default -> notFound();
        };
    }

    // Together: https://docs.together.ai/reference/models (200: a bare array of models) and
    // https://docs.together.ai/docs/error-codes (401 authentication error, 402 payment required, 403, 429 rate limit,
    // 500 server error, 503 engine overloaded), in the OpenAI error shape its API answers with
    // ({"error": {"message", "type", "param", "code": "invalid_api_key"}}).
    private static Answer together(Scenario s) {
        return switch (s) {
            case OK, SLOW -> Answer.json(200, """
                    [{"id": "meta-llama/Llama-3.3-70B-Instruct-Turbo", "object": "model", "created": 1733443923, "type": "chat",
                      "display_name": "Meta Llama 3.3 70B Instruct Turbo", "organization": "Meta", "context_length": 131072,
                      "pricing": {"hourly": 0, "input": 0.88, "output": 0.88, "base": 0, "finetune": 0}}]""");
            case PAYMENT_REQUIRED_402 -> Answer.json(402, """
                    {"error": {"message": "Credit limit exceeded", "type": "credit_limit", "param": null, "code": null}}""");
            case UNAUTHORIZED_401 -> Answer.json(401, """
                    {"error": {"message": "Invalid API key provided. You can find your API key at https://api.together.xyz/settings/api-keys.",
                      "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}""");
            case FORBIDDEN_403 -> Answer.json(403, """
                    {"error": {"message": "You do not have access to this resource.", "type": "forbidden", "param": null, "code": null}}""");
            case RATE_LIMITED_429 -> new Answer(429, Map.of("Retry-After", "20"), """
                    {"error": {"message": "You have exceeded the rate limit.", "type": "rate_limit", "param": null, "code": null}}""");
            case SERVER_ERROR_500 -> Answer.json(500, """
                    {"error": {"message": "Internal server error", "type": "server_error", "param": null, "code": null}}""");
            case UNAVAILABLE_503 -> Answer.json(503, """
                    {"error": {"message": "The server is overloaded or not ready yet.", "type": "server_error", "param": null, "code": null}}""");
            default -> notFound();
        };
    }

    /**
     * One model of OpenRouter's list: prices are US dollars per token as strings, as OpenRouter publishes them;
     * {@code maxCompletionTokens} and {@code expirationDate} may be null.
     */
    public record ListedModel(String id, String promptUsd, String completionUsd, long contextLength, Long maxCompletionTokens,
                              String expirationDate) {
        public static ListedModel priced(String id, String promptUsd, String completionUsd) {
            return new ListedModel(id, promptUsd, completionUsd, 200000, 64000L, null);
        }
    }

    // OpenRouter's model list: https://openrouter.ai/docs/api-reference/models/get-models and the Models API standard
    // https://openrouter.ai/docs/models ({"data": [{"id", "canonical_slug", "name", "created", "description",
    // "context_length", "architecture", "pricing": {"prompt", "completion", "request", "image", ...} in USD per token as
    // strings, "top_provider": {"context_length", "max_completion_tokens", "is_moderated"}, "per_request_limits",
    // "supported_parameters"}]}); "expiration_date" (a day, or null) as its SDK's Model documents it
    // (https://openrouter.ai/docs/client-sdks/python/components/model). Public: no key needed.
    public static Answer openRouterModels(List<ListedModel> models) {
        return Answer.json(200, models.stream().map(m -> """
                {"id": "%1$s", "canonical_slug": "%1$s", "name": "%1$s", "created": 1715367049, "description": "fixture model",
                 "context_length": %2$d, "architecture": {"modality": "text->text", "input_modalities": ["text"],
                   "output_modalities": ["text"], "tokenizer": "GPT", "instruct_type": null},
                 "pricing": {"prompt": "%3$s", "completion": "%4$s", "request": "0", "image": "0"},
                 "top_provider": {"context_length": %2$d, "max_completion_tokens": %5$s, "is_moderated": true},
                 "per_request_limits": null, "supported_parameters": ["max_tokens", "temperature"], "expiration_date": %6$s}"""
                .formatted(m.id(), m.contextLength(), m.promptUsd(), m.completionUsd(),
                        m.maxCompletionTokens() == null ? "null" : m.maxCompletionTokens().toString(),
                        m.expirationDate() == null ? "null" : "\"" + m.expirationDate() + "\""))
                .collect(Collectors.joining(",\n", "{\"data\": [", "]}")));
    }

    /**
     * The documented 200 list answer of a provider that lists models by id only (OpenAI, Anthropic, Groq, Mistral,
     * Together, OpenAI-compatible), holding {@code ids}; pages and fields as on the pages cited at each provider below.
     */
    public static Answer modelList(ProviderType type, List<String> ids) {
        return switch (type) {
            case ANTHROPIC -> Answer.json(200, ids.stream().map(id -> """
                    {"type": "model", "id": "%s", "display_name": "%s", "created_at": "2025-05-22T00:00:00Z"}""".formatted(id, id))
                    .collect(Collectors.joining(", ", "{\"data\": [", "], \"has_more\": false, \"first_id\": "
                            + (ids.isEmpty() ? "null" : "\"" + ids.get(0) + "\"") + ", \"last_id\": "
                            + (ids.isEmpty() ? "null" : "\"" + ids.get(ids.size() - 1) + "\"") + "}")));
            case TOGETHER -> Answer.json(200, ids.stream().map(id -> """
                    {"id": "%s", "object": "model", "created": 1733443923, "type": "chat"}""".formatted(id))
                    .collect(Collectors.joining(", ", "[", "]")));
            default -> Answer.json(200, ids.stream().map(id -> """
                    {"id": "%s", "object": "model", "created": 1721172741, "owned_by": "system"}""".formatted(id))
                    .collect(Collectors.joining(", ", "{\"object\": \"list\", \"data\": [", "]}")));
        };
    }
}
