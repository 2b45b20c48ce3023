package dev.driftwatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A node of the environments file that knows its own path. Every read that fails records an error naming
 * the path ({@code environments.production.schema.url: required}) and returns a placeholder value, so one
 * pass reports every problem of a file; {@link Problems#throwIfAny()} turns them into one {@link ConfigException}.
 */
public final class ConfigNode {
    private final JsonNode node;
    private final String path;
    private final Problems problems;
    private final Placeholders placeholders;

    ConfigNode(JsonNode node, String path, Problems problems, Placeholders placeholders) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.placeholders = placeholders;
    }

    /** Collects the errors of one parse. */
    public static final class Problems {
        private static final int MAX_MESSAGE = 400;
        private final List<String> errors = new ArrayList<>();

        /** Records an error; control characters become '?' and a message is cut at 400 characters (values it quotes). */
        public void add(String path, String message) {
            String printable = message.replaceAll("\\p{Cntrl}", "?");
            String error = path + ": " + (printable.length() <= MAX_MESSAGE ? printable : printable.substring(0, MAX_MESSAGE) + "...");
            if (!errors.contains(error)) {
                errors.add(error); // a value read by several checks of one group is reported once
            }
        }

        public boolean any() {
            return !errors.isEmpty();
        }

        public void throwIfAny() {
            if (!errors.isEmpty()) {
                throw new ConfigException(errors);
            }
        }
    }

    public String path() {
        return path;
    }

    /** The directory of the environments file: a relative path in it resolves against this. */
    public java.nio.file.Path baseDir() {
        return placeholders.baseDir();
    }

    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public void error(String key, String message) {
        problems.add(key == null ? path : pathOf(key), message);
    }

    public boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    JsonNode rawChild(String key) {
        return node.get(key);
    }

    /** True when {@code key} holds a mapping (rather than a scalar or a list). */
    public boolean isMapping(String key) {
        return has(key) && node.get(key).isObject();
    }

    public boolean isObject() {
        return node.isObject();
    }

    /** Records an error for every key that is not in {@code allowed}. */
    public void allowOnly(Set<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problems.add(pathOf(name), "unknown key (expected one of " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    /** The child object at {@code key}, or empty (with an error) when it is missing or not an object. */
    public Optional<ConfigNode> object(String key, boolean required) {
        if (!has(key)) {
            if (required) {
                problems.add(pathOf(key), "required");
            }
            return Optional.empty();
        }
        JsonNode child = node.get(key);
        if (!child.isObject()) {
            problems.add(pathOf(key), "must be a mapping");
            return Optional.empty();
        }
        return Optional.of(new ConfigNode(child, pathOf(key), problems, placeholders));
    }

    /** This object without {@code key}: for a key the environments file reads before the group's own parser. */
    public ConfigNode without(String key) {
        if (!node.isObject() || !node.has(key)) {
            return this;
        }
        com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) node).deepCopy();
        copy.remove(key);
        return new ConfigNode(copy, path, problems, placeholders);
    }

    /** True when {@code key} holds a list. */
    public boolean isList(String key) {
        return has(key) && node.get(key).isArray();
    }

    /** The fields of this object in file order. */
    public Map<String, ConfigNode> fields() {
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), new ConfigNode(e.getValue(), pathOf(e.getKey()), problems, placeholders)));
        return out;
    }

    public Optional<String> optString(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode child = node.get(key);
        if (!child.isValueNode()) {
            problems.add(pathOf(key), "must be a string");
            return Optional.empty();
        }
        try {
            return Optional.of(placeholders.expand(child.asText()));
        } catch (IllegalArgumentException e) {
            problems.add(pathOf(key), e.getMessage());
            return Optional.empty();
        }
    }

    public String string(String key) {
        Optional<String> value = optString(key);
        if (value.isEmpty() && !has(key)) {
            problems.add(pathOf(key), "required");
        }
        return value.orElse("");
    }

    /** A required credential; empty values are allowed here so that checks can name them as their own finding. */
    public Secret secret(String key) {
        return optSecret(key).orElseGet(() -> {
            if (!has(key)) {
                problems.add(pathOf(key), "required");
            }
            return new Secret("");
        });
    }

    public Optional<Secret> optSecret(String key) {
        return optString(key).map(Secret::new);
    }

    public Duration duration(String key, Duration fallback) {
        return parsed(key, fallback, text -> {
            Duration d = Durations.parse(text);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("must be greater than zero");
            }
            return d;
        });
    }

    public Severity severity(String key, Severity fallback) {
        return parsed(key, fallback, Severity::parse);
    }

    public int integer(String key, int fallback, int min, int max) {
        return parsed(key, fallback, text -> {
            int n;
            try {
                n = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a whole number");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return n;
        });
    }

    public boolean bool(String key, boolean fallback) {
        return parsed(key, fallback, text -> switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        });
    }

    private <T> T parsed(String key, T fallback, Function<String, T> parser) {
        Optional<String> text = optString(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return parser.apply(text.get());
        } catch (IllegalArgumentException e) {
            problems.add(pathOf(key), subject(key, e.getMessage()));
            return fallback;
        }
    }

    /**
     * Puts the value in front of a problem worded without it ("not a whole number"): quoted when the file spells it
     * out, by its placeholder when it came from one (an expanded value may be a secret, or a whole file).
     */
    private String subject(String key, String problem) {
        if (!problem.startsWith("not ") && !problem.startsWith("longer ")) {
            return problem;
        }
        String raw = node.get(key).asText();
        if (raw.contains("${")) {
            return "the value of " + shorten(raw) + " is " + problem;
        }
        return "'" + shorten(raw) + "' is " + problem;
    }

    private static String shorten(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }

    public List<String> stringList(String key, List<String> fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode child = node.get(key);
        if (!child.isArray()) {
            problems.add(pathOf(key), "must be a list");
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < child.size(); i++) {
            JsonNode item = child.get(i);
            if (!item.isValueNode()) {
                problems.add(pathOf(key) + "[" + i + "]", "must be a string");
                continue;
            }
            try {
                out.add(placeholders.expand(item.asText()));
            } catch (IllegalArgumentException e) {
                problems.add(pathOf(key) + "[" + i + "]", e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    public Map<String, String> stringMap(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        object(key, false).ifPresent(obj -> obj.fields().forEach((k, v) -> {
            if (!v.node.isValueNode()) {
                problems.add(v.path, "must be a string");
            } else {
                out.put(k, v.node.asText());
            }
        }));
        return out;
    }
}
