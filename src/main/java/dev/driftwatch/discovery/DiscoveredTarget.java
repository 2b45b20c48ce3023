package dev.driftwatch.discovery;

import dev.driftwatch.config.Secret;
import java.util.Map;

/**
 * One environment a source found: its fields become {@code ${discovered.<field>}} in the source's template.
 * Values of {@code secrets} (a branch database password) are filled in like fields but are never shown: the daemon
 * scrubs them from every output, as it does the environments file's own secrets.
 *
 * @param fields  plain values: {@code branch}, {@code url}, {@code commit}, {@code db_host}, a label's value, ...
 * @param secrets credentials, by field name; a name is in {@code fields} or here, never both
 */
public record DiscoveredTarget(Map<String, String> fields, Map<String, Secret> secrets) {
    public DiscoveredTarget {
        fields = Map.copyOf(fields);
        secrets = Map.copyOf(secrets);
    }
}
