package dev.driftwatch.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces every configured secret value in probe output with its fingerprint: the last line of defence. Secrets are
 * indexed by their first four characters, so scrubbing a text costs one lookup per character however many secrets
 * the fleet has (a scan per secret made every observation cost O(environments)).
 */
public final class Redactor {
    private static final int PREFIX = 4;
    /** Secrets by their first four characters packed into a long; longest first, so the longest match wins. */
    private final Map<Long, List<Secret>> byPrefix = new HashMap<>();

    public Redactor(List<Secret> secrets) {
        secrets.stream().filter(s -> s.reveal().length() >= PREFIX).distinct()
                .sorted(Comparator.comparingInt((Secret s) -> s.reveal().length()).reversed())
                .forEach(s -> byPrefix.computeIfAbsent(prefix(s.reveal(), 0), k -> new ArrayList<>()).add(s));
    }

    private static long prefix(String text, int at) {
        return (long) text.charAt(at) << 48 | (long) text.charAt(at + 1) << 32 | (long) text.charAt(at + 2) << 16 | text.charAt(at + 3);
    }

    public String scrub(String text) {
        if (text == null || byPrefix.isEmpty() || text.length() < PREFIX) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i + PREFIX <= text.length()) {
            List<Secret> candidates = byPrefix.get(prefix(text, i));
            Secret found = null;
            if (candidates != null) {
                for (Secret s : candidates) {
                    if (text.startsWith(s.reveal(), i)) {
                        found = s;
                        break;
                    }
                }
            }
            if (found == null) {
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, i).append(found.fingerprint());
            i += found.reveal().length();
            copied = i;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    public Object scrubValue(Object value) {
        if (value instanceof String s) {
            return scrub(s);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), scrubValue(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(scrubValue(v)));
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> scrubDetails(Map<String, Object> details) {
        return byPrefix.isEmpty() ? details : (Map<String, Object>) scrubValue(details);
    }
}
