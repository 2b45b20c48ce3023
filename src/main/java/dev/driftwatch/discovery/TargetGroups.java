package dev.driftwatch.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads Prometheus's http_sd / file_sd shape, {@code [{"targets": ["host"], "labels": {"branch": "x"}}]}: one target
 * per group, each label a field and {@code target} the group's first target
 * (https://prometheus.io/docs/prometheus/latest/http_sd/).
 */
final class TargetGroups {
    /** The largest body or file read (Prometheus's http_sd has no limit; a list of previews is a few kB). */
    static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_GROUPS = 10_000;
    private static final int MAX_VALUE = 2048;
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();

    private TargetGroups() {
    }

    static List<DiscoveredTarget> parseJson(byte[] body, String where) throws DiscoveryException {
        return parse(body, JSON, where);
    }

    /** A file may be JSON or YAML, as Prometheus's file_sd reads both. */
    static List<DiscoveredTarget> parseYaml(byte[] body, String where) throws DiscoveryException {
        return parse(body, YAML, where);
    }

    private static List<DiscoveredTarget> parse(byte[] body, ObjectMapper mapper, String where) throws DiscoveryException {
        if (body.length > MAX_BYTES) {
            throw new DiscoveryException(where + ": larger than " + MAX_BYTES / 1024 + " KiB");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new DiscoveryException(where + ": not valid " + (mapper == JSON ? "JSON" : "JSON or YAML")
                    + " (line " + e.getLocation().getLineNr() + ")");
        } catch (java.io.IOException e) {
            throw new DiscoveryException(where + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (tree == null || !tree.isArray()) {
            throw new DiscoveryException(where + ": must be a list of {targets, labels} groups");
        }
        if (tree.size() > MAX_GROUPS) {
            throw new DiscoveryException(where + ": lists more than " + MAX_GROUPS + " groups");
        }
        List<DiscoveredTarget> out = new ArrayList<>();
        for (int i = 0; i < tree.size(); i++) {
            out.add(group(tree.get(i), where + ": [" + i + "]"));
        }
        return List.copyOf(out);
    }

    private static DiscoveredTarget group(JsonNode group, String at) throws DiscoveryException {
        if (!group.isObject()) {
            throw new DiscoveryException(at + ": must be a mapping with targets and labels");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        JsonNode labels = group.get("labels");
        if (labels != null && !labels.isNull()) {
            if (!labels.isObject()) {
                throw new DiscoveryException(at + ".labels: must be a mapping of strings");
            }
            Iterator<Map.Entry<String, JsonNode>> it = labels.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> label = it.next();
                if (!FIELD.matcher(label.getKey()).matches()) {
                    throw new DiscoveryException(at + ".labels: a label name must be letters, digits and '_' (at most 128)");
                }
                fields.put(label.getKey(), value(label.getValue(), at + ".labels." + label.getKey()));
            }
        }
        JsonNode targets = group.get("targets");
        if (targets == null || !targets.isArray()) {
            throw new DiscoveryException(at + ".targets: required, a list of strings");
        }
        if (targets.size() > 0) {
            fields.put("target", value(targets.get(0), at + ".targets[0]"));
        }
        return new DiscoveredTarget(fields, Map.of());
    }

    private static String value(JsonNode node, String at) throws DiscoveryException {
        if (!node.isValueNode() || node.isNull()) {
            throw new DiscoveryException(at + ": must be a string");
        }
        String text = node.asText();
        if (text.length() > MAX_VALUE || text.chars().anyMatch(Character::isISOControl)) {
            throw new DiscoveryException(at + ": longer than " + MAX_VALUE + " characters or holds control characters");
        }
        return text;
    }
}
