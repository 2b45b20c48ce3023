package dev.driftwatch.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads fields out of the text of Redis's INFO reply ({@code field:value} lines). */
final class InfoText {
    private InfoText() {
    }

    static Map<String, String> parse(String info, String... fields) {
        Set<String> wanted = Set.of(fields);
        Map<String, String> out = new LinkedHashMap<>();
        if (info == null) {
            return out;
        }
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon);
                if (wanted.contains(name)) {
                    out.putIfAbsent("maxmemory".equals(name) ? "info_maxmemory" : name, line.substring(colon + 1).trim());
                }
            }
        }
        return out;
    }
}
