package dev.driftwatch.config;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces every configured secret value in probe output with its fingerprint: the last line of defence. A word of at
 * least 12 characters that a secret starts with (a provider quoting the first 20 characters of a key as an error
 * code, a message cut in the middle of a token) is replaced too, by the secret's fingerprint and "…". Secrets are
 * indexed by their first four characters, so scrubbing a text costs one lookup per character however many secrets
 * the fleet has (a scan per secret made every observation cost O(environments)).
 */
public final class Redactor {
    private static final int PREFIX = 4;
    private static final int SHORTEST_PART = 12;
    /** Secrets by their first four characters packed into a long; longest first, so the longest match wins. */
    private final Map<Long, List<Secret>> byPrefix = new HashMap<>();
    /** The first characters of the secrets: most positions of a text are passed over without a lookup. */
    private final BitSet firstChars = new BitSet();

    public Redactor(List<Secret> secrets) {
        secrets.stream().filter(s -> s.reveal().length() >= PREFIX).distinct()
                .sorted(Comparator.comparingInt((Secret s) -> s.reveal().length()).reversed())
                .forEach(s -> {
                    byPrefix.computeIfAbsent(prefix(s.reveal(), 0), k -> new ArrayList<>()).add(s);
                    firstChars.set(s.reveal().charAt(0));
                });
    }

    private static long prefix(String text, int at) {
        return (long) text.charAt(at) << 48 | (long) text.charAt(at + 1) << 32 | (long) text.charAt(at + 2) << 16 | text.charAt(at + 3);
    }

    /** True when there is nothing to scrub: no configured secret long enough to be looked for. */
    public boolean isEmpty() {
        return byPrefix.isEmpty();
    }

    public String scrub(String text) {
        if (text == null || byPrefix.isEmpty() || text.length() < PREFIX) {
            return text;
        }
        return scrubParts(scrubWhole(text));
    }

    /** Replaces words that are the beginning of a secret (but not a whole one: those are gone already). */
    private String scrubParts(String text) {
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < text.length()) {
            if (!isWordChar(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && isWordChar(text.charAt(i))) {
                i++;
            }
            Secret owner = i - start >= SHORTEST_PART && firstChars.get(text.charAt(start))
                    ? ownerOfPrefix(text.substring(start, i)) : null;
            if (owner != null) {
                out = out == null ? new StringBuilder(text.length()) : out;
                out.append(text, copied, start).append(owner.fingerprint()).append('…');
                copied = i;
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** The characters of a word that may be a cut secret: {@code [A-Za-z0-9_\-+/=.~:]}. */
    private static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "_-+/=.~:".indexOf(c) >= 0;
    }

    private Secret ownerOfPrefix(String word) {
        List<Secret> candidates = byPrefix.get(prefix(word, 0));
        if (candidates != null) {
            for (Secret s : candidates) {
                if (s.reveal().startsWith(word)) {
                    return s;
                }
            }
        }
        return null;
    }

    private String scrubWhole(String text) {
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i + PREFIX <= text.length()) {
            if (!firstChars.get(text.charAt(i))) {
                i++;
                continue;
            }
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
