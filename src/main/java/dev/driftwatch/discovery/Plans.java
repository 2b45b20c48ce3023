package dev.driftwatch.discovery;

import dev.driftwatch.config.ConfigNode;
import dev.driftwatch.config.EnvironmentBodies;
import dev.driftwatch.config.EnvironmentsFileParser;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads the {@code discover:} section: named sources, each of exactly one type, with grace, max and a template. */
final class Plans {
    private static final Set<String> COMMON = Set.of("grace", "max", "environment", "template");

    private Plans() {
    }

    static Plan parse(ConfigNode discover, EnvironmentBodies bodies, Collection<DiscoverySourceType> types) {
        Set<String> allowed = new TreeSet<>(COMMON);
        types.forEach(t -> allowed.addAll(t.keys()));
        Map<String, SourcePlan> sources = new LinkedHashMap<>();
        if (discover.fields().isEmpty()) {
            discover.error(null, "must name at least one source");
        }
        for (Map.Entry<String, ConfigNode> e : discover.fields().entrySet()) {
            String name = e.getKey();
            ConfigNode entry = e.getValue();
            if (!EnvironmentsFileParser.ENVIRONMENT_NAME.matcher(name).matches()) {
                entry.error(null, "not a valid source name (letters, digits, '.', '_' and '-', at most 63)");
            }
            if (!entry.isObject()) {
                entry.error(null, "must be a mapping with one source type (" + String.join(", ", typeKeys(types)) + ")");
                continue;
            }
            entry.allowOnly(allowed);
            List<DiscoverySourceType> chosen = types.stream().filter(t -> t.keys().stream().anyMatch(entry::has)).toList();
            if (chosen.size() != 1) {
                entry.error(null, (chosen.isEmpty() ? "names no source type" : "names more than one source type")
                        + " (exactly one of: " + String.join(", ", typeKeys(types)) + ")");
            }
            Duration grace = entry.duration("grace", SourcePlan.DEFAULT_GRACE);
            int max = entry.integer("max", SourcePlan.DEFAULT_MAX, 1, 1000);
            Optional<EnvironmentBodies.Template> template = bodies.template(name, entry);
            if (chosen.size() != 1) {
                continue;
            }
            DiscoverySource source = chosen.get(0).parse(entry);
            if (source != null && template.isPresent()) {
                String type = String.join("+", new TreeSet<>(chosen.get(0).keys()).stream().filter(entry::has).toList());
                sources.put(name, new SourcePlan(name, type, source, grace, max, template.get(), bodies));
            } else if (source != null) {
                source.close();
            }
        }
        return new Plan(sources);
    }

    private static Set<String> typeKeys(Collection<DiscoverySourceType> types) {
        Set<String> keys = new TreeSet<>();
        types.forEach(t -> keys.addAll(t.keys()));
        return keys;
    }
}
