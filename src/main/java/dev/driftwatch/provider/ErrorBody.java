package dev.driftwatch.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine-readable parts of a provider's error body: its error type, code, status and reasons, and the scopes an
 * OpenAI restricted key lacks. Free text ({@code message}) is read for scopes only and never quoted: providers echo
 * parts of the key there.
 */
record ErrorBody(List<String> identifiers, List<String> missingScopes) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final Pattern MISSING_SCOPES = Pattern.compile("Missing scopes:\\s*([A-Za-z0-9_.]+(?:\\s*,\\s*[A-Za-z0-9_.]+)*)");

    static final ErrorBody NONE = new ErrorBody(List.of(), List.of());

    /** Reads the documented error shapes: OpenAI {@code error.type/code}, Anthropic, Gemini {@code details[].reason}, Mistral. */
    static ErrorBody of(JsonNode root) {
        if (root == null || !root.isObject()) {
            return NONE;
        }
        List<String> ids = new ArrayList<>();
        List<String> scopes = new ArrayList<>();
        JsonNode error = root.get("error");
        if (error != null && error.isObject()) {
            JsonNode details = error.get("details");
            if (details != null && details.isArray()) {
                details.forEach(d -> add(ids, d.get("reason")));
            }
            add(ids, error.get("code"));
            add(ids, error.get("type"));
            add(ids, error.get("status"));
            scopes(error.get("message"), scopes);
        } else {
            add(ids, error);
        }
        JsonNode type = root.get("type");
        if (type != null && !"error".equals(type.asText())) {
            add(ids, type);
        }
        add(ids, root.get("code"));
        add(ids, root.get("detail"));
        scopes(root.get("message"), scopes);
        return new ErrorBody(List.copyOf(ids), List.copyOf(scopes));
    }

    private static void add(List<String> out, JsonNode value) {
        if (value != null && value.isTextual() && IDENTIFIER.matcher(value.asText()).matches() && !out.contains(value.asText())) {
            out.add(value.asText());
        }
    }

    private static void scopes(JsonNode message, List<String> out) {
        if (message == null || !message.isTextual()) {
            return;
        }
        Matcher m = MISSING_SCOPES.matcher(message.asText());
        if (m.find()) {
            for (String scope : m.group(1).split(",")) {
                String s = scope.trim().replaceAll("\\.+$", "");
                if (IDENTIFIER.matcher(s).matches()) {
                    out.add(s);
                }
            }
        }
    }

    /** The provider's error type as a reason quotes it, or null. */
    String type() {
        return identifiers.isEmpty() ? null : identifiers.get(0);
    }

    boolean says(String identifier) {
        return identifiers.stream().anyMatch(identifier::equalsIgnoreCase);
    }
}
