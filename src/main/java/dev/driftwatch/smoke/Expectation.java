package dev.driftwatch.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What one answer must look like. Every field is optional.
 *
 * @param headerContains header name → a substring its value must contain (case-insensitive)
 * @param jsonPointer    JSON pointer ({@code /data/0/id}) → the value's text it must equal
 * @param bodyMatches    a regular expression the body must contain a match of
 */
public record Expectation(Integer status, Map<String, String> headerContains, Map<String, String> jsonPointer,
                          String bodyMatches, Duration maxLatency) {
    private static final ObjectMapper JSON = new ObjectMapper();

    boolean empty() {
        return status == null && headerContains.isEmpty() && jsonPointer.isEmpty() && bodyMatches == null && maxLatency == null;
    }

    /** What the answer got wrong, one phrase per expectation; empty when it meets them all. */
    List<String> violations(int actualStatus, Map<String, List<String>> headers, String body, Duration latency) {
        List<String> out = new ArrayList<>();
        if (status != null && status != actualStatus) {
            out.add("answered " + actualStatus + ", expected " + status);
        }
        headerContains.forEach((name, part) -> {
            List<String> values = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).toList();
            if (values.isEmpty()) {
                out.add("no " + name + " header (expected it to contain '" + part + "')");
            } else if (values.stream().noneMatch(v -> v.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT)))) {
                out.add(name + " does not contain '" + part + "'");
            }
        });
        if (!jsonPointer.isEmpty()) {
            JsonNode tree = null;
            try {
                tree = JSON.readTree(body);
            } catch (IOException e) {
                tree = null;
            }
            if (tree == null || tree.isMissingNode()) {
                out.add("the body is not JSON (expected " + String.join(", ", jsonPointer.keySet()) + ")");
                tree = null;
            }
            if (tree != null) {
                for (Map.Entry<String, String> e : jsonPointer.entrySet()) {
                    JsonNode at = tree.at(e.getKey());
                    if (at.isMissingNode()) {
                        out.add("no " + e.getKey() + " in the JSON body");
                    } else if (!(at.isValueNode() ? at.asText() : at.toString()).equals(e.getValue())) {
                        out.add(e.getKey() + " is not " + e.getValue());
                    }
                }
            }
        }
        if (bodyMatches != null && !Pattern.compile(bodyMatches).matcher(body).find()) {
            out.add("the body does not match /" + bodyMatches + "/");
        }
        if (maxLatency != null && latency.compareTo(maxLatency) > 0) {
            out.add("took " + latency.toMillis() + "ms, above the " + maxLatency.toMillis() + "ms ceiling");
        }
        return out;
    }
}
