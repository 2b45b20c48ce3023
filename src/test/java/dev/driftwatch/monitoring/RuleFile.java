package dev.driftwatch.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.driftwatch.testsupport.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** alerts/driftwatch.rules.yml, read as data. */
final class RuleFile {
    static final Path PATH = PostgresServer.PROJECT.resolve("alerts/driftwatch.rules.yml");
    static final Path TESTS = PostgresServer.PROJECT.resolve("alerts/tests");
    static final ObjectMapper YAML = new YAMLMapper();

    /** One alerting rule; the same alert name may have one rule per severity. */
    record Rule(String alert, String expr, String forDuration, Map<String, String> labels, Map<String, String> annotations) {
        String severity() {
            return labels.get("severity");
        }
    }

    private RuleFile() {
    }

    static JsonNode tree() {
        try {
            return YAML.readTree(PATH.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Rule> rules() {
        List<Rule> out = new ArrayList<>();
        for (JsonNode group : tree().path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                out.add(new Rule(rule.path("alert").asText(null), rule.path("expr").asText(), rule.path("for").asText(null),
                        strings(rule.path("labels")), strings(rule.path("annotations"))));
            }
        }
        return out;
    }

    /** The rule file with every {@code for:} replaced, for a real Prometheus to reach firing within a test. */
    static String withFor(String duration) {
        JsonNode tree = tree();
        for (JsonNode group : tree.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("for")) {
                    ((ObjectNode) rule).put("for", duration);
                }
            }
        }
        try {
            return YAML.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new TreeMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
