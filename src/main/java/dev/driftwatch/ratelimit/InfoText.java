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
        for (int start = 0, end; start < info.length(); start = end + 1) {
            end = info.indexOf('\n', start);
            if (end < 0) {
                end = info.length();
            }
            int colon = info.indexOf(':', start);
            if (colon > start && colon < end) {
                String name = info.substring(start, colon);
                if (wanted.contains(name)) {
                    out.putIfAbsent("maxmemory".equals(name) ? "info_maxmemory" : name, info.substring(colon + 1, end).trim());
                }
            }
        }
        return out;
    }
}
