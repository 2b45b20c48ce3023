package dev.driftwatch.probe;

import dev.driftwatch.config.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Replaces every configured secret value in probe output with its fingerprint: the last line of defence. */
final class Redactor {
    private final List<Secret> secrets;

    Redactor(List<Secret> secrets) {
        this.secrets = secrets.stream().filter(s -> s.reveal().length() >= 4).toList();
    }

    String scrub(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (Secret s : secrets) {
            if (out.contains(s.reveal())) {
                out = out.replace(s.reveal(), s.fingerprint());
            }
        }
        return out;
    }

    Object scrubValue(Object value) {
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
    Map<String, Object> scrubDetails(Map<String, Object> details) {
        return secrets.isEmpty() ? details : (Map<String, Object>) scrubValue(details);
    }
}
