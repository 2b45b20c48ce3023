package dev.driftwatch.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a secret that are secrets on their own, so that the redactor also catches them when they are quoted
 * alone: a URL's user info and password ({@code redis://:pw@host}, {@code postgresql://user:pw@host}), the values of its
 * query or connection parameters ({@code jdbc:postgresql://h/db?password=..&sslmode=..}), and each line or
 * {@code NAME=value} entry of a multi-line value (a file named by {@code ${file:}}).
 */
public final class SecretParts {
    private static final Pattern USER_INFO = Pattern.compile("^[A-Za-z][A-Za-z0-9+.:-]*://([^@/?#]+)@");
    private static final Pattern PARAMETER = Pattern.compile("[?&;]([^=&;#]+)=([^&;#]*)");
    private static final Pattern ENTRY = Pattern.compile("[\\n\\r\\x00]+");
    private static final Pattern CREDENTIAL = Pattern.compile("(?i)pass|secret|token|key|auth|cred");
    private static final int SHORTEST = 4;
    /** Parameter values shorter than this that are not credentials ({@code sslmode=require}) are words, not secrets. */
    private static final int WORDLIKE = 8;

    private SecretParts() {
    }

    public static List<Secret> of(String value) {
        List<String> parts = new ArrayList<>();
        Matcher user = USER_INFO.matcher(value);
        if (user.find()) {
            String info = user.group(1);
            parts.add(info);
            parts.add(decode(info));
            int colon = info.indexOf(':');
            if (colon >= 0) {
                parts.add(info.substring(colon + 1));
                parts.add(decode(info.substring(colon + 1)));
            }
        }
        if (value.contains("://") || value.startsWith("jdbc:")) {
            Matcher p = PARAMETER.matcher(value);
            while (p.find()) {
                String v = decode(p.group(2));
                if (CREDENTIAL.matcher(p.group(1)).find() || v.length() >= WORDLIKE) {
                    parts.add(p.group(2));
                    parts.add(v);
                }
            }
        }
        String[] entries = ENTRY.split(value);
        if (entries.length > 1) {
            for (String entry : entries) {
                parts.add(entry.strip());
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    parts.add(entry.substring(eq + 1).strip());
                }
            }
        }
        return parts.stream().filter(p -> p.length() >= SHORTEST && !p.equals(value)).distinct().map(Secret::new).toList();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
