package dev.driftwatch.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A provider's model list as its documented list answer carries it, by model id.
 *
 * @param complete false when the answer says more pages follow (Anthropic {@code has_more}, Gemini {@code nextPageToken}):
 *                 a model absent from it may still exist
 * @param priced   true when the list publishes per-token prices (OpenRouter)
 */
record ModelList(Map<String, ProviderModel> models, boolean complete, boolean priced) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*");

    /** The list in a 2xx body of {@code type}'s list request, or null when the body is not the documented list. */
    static ModelList parse(ProviderType type, String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (root == null) {
            return null;
        }
        JsonNode items = switch (type) {
            case GEMINI -> root.path("models");
            case TOGETHER -> root.isArray() ? root : root.path("data");
            default -> root.path("data");
        };
        if (!items.isArray()) {
            return null;
        }
        Map<String, ProviderModel> models = new LinkedHashMap<>();
        for (JsonNode item : items) {
            String id = type == ProviderType.GEMINI ? item.path("name").asText("").replaceFirst("^models/", "")
                    : item.path("id").asText("");
            if (!id.isEmpty()) {
                models.put(id, type == ProviderType.OPENROUTER ? openRouter(id, item) : ProviderModel.named(id));
            }
        }
        boolean complete = switch (type) {
            case ANTHROPIC -> !root.path("has_more").asBoolean(false);
            case GEMINI -> root.path("nextPageToken").asText("").isEmpty();
            default -> true;
        };
        return new ModelList(Map.copyOf(models), complete, type == ProviderType.OPENROUTER);
    }

    /** OpenRouter's model object: pricing.prompt and pricing.completion are US dollars per token, as strings. */
    private static ProviderModel openRouter(String id, JsonNode item) {
        JsonNode top = item.path("top_provider");
        String expires = item.path("expiration_date").asText("");
        return new ProviderModel(id, decimal(item.path("pricing").path("prompt")), decimal(item.path("pricing").path("completion")),
                whole(item.path("context_length")), whole(top.path("max_completion_tokens")),
                DATE.matcher(expires).matches() ? expires.substring(0, 10) : null);
    }

    private static BigDecimal decimal(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        try {
            return value.isTextual() ? new BigDecimal(value.asText().trim()) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long whole(JsonNode value) {
        return value.canConvertToLong() && value.asLong() > 0 ? value.asLong() : null;
    }

    ProviderModel get(String id) {
        return models.get(id);
    }
}
