package dev.driftwatch.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} from the process environment and {@code ${file:/path}} from a file;
 * {@code $${} stands for a literal {@code ${}. An unset variable or unreadable file is an error, never an empty string,
 * unless the placeholder names its default: {@code ${NAME:-}} (empty) or {@code ${NAME:-fallback}}.
 */
public final class Placeholders {
    private static final Pattern TOKEN = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final String DISCOVERED = "discovered.";

    private final Function<String, String> environment;
    private final Path baseDir;
    /** The fields of a discovered target, for a {@code discover:} template; null elsewhere. */
    private final Function<String, String> discovered;
    /** Every value a placeholder expanded to: none may appear in an error message. */
    private final List<Secret> expanded = new ArrayList<>();
    private final List<Secret> urlCredentials = new ArrayList<>();

    public Placeholders(Function<String, String> environment, Path baseDir) {
        this(environment, baseDir, null);
    }

    /**
     * Placeholders of a {@code discover:} template: {@code ${discovered.<field>}} is {@code discovered}'s value for the
     * field (null: the source does not supply it, an error). A value is put in as it is, never expanded again.
     */
    public Placeholders(Function<String, String> environment, Path baseDir, Function<String, String> discovered) {
        this.environment = environment;
        this.baseDir = baseDir;
        this.discovered = discovered;
    }

    /**
     * Expands every placeholder in {@code text}; throws IllegalArgumentException naming the variable or file. The
     * credentials of a URL, written out or expanded (user info, password, credential parameters), are remembered too.
     */
    public String expand(String text) {
        String value = expandPlaceholders(text);
        if (value.contains("://") || value.startsWith("jdbc:")) {
            List<Secret> parts = SecretParts.of(value);
            synchronized (this) {
                urlCredentials.addAll(parts);
            }
        }
        return value;
    }

    /** The directory of the environments file, against which relative paths resolve. */
    public Path baseDir() {
        return baseDir;
    }

    private String expandPlaceholders(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        Matcher m = TOKEN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1) == null ? "${"
                    : m.group(1).startsWith(DISCOVERED) ? resolve(m.group(1)) : remember(resolve(m.group(1)));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The values placeholders expanded to so far, each with the parts of it that are secrets on their own. */
    public synchronized List<Secret> expandedValues() {
        return List.copyOf(expanded);
    }

    /** The user info, passwords and connection parameters of every URL expanded so far: secrets of the config. */
    public synchronized List<Secret> urlCredentials() {
        return List.copyOf(urlCredentials);
    }

    private synchronized String remember(String value) {
        if (!value.isEmpty()) {
            expanded.add(new Secret(value));
            expanded.addAll(SecretParts.of(value));
        }
        return value;
    }

    private String resolve(String ref) {
        if (ref.startsWith(DISCOVERED)) {
            String field = ref.substring(DISCOVERED.length());
            if (discovered == null) {
                throw new IllegalArgumentException("'${" + ref + "}' is only known in a discover: template");
            }
            String value = discovered.apply(field);
            if (value == null) {
                throw new IllegalArgumentException("the source supplies no field '" + field + "' for ${" + ref + "}");
            }
            return value;
        }
        if (ref.startsWith("file:")) {
            String file = ref.substring("file:".length());
            Path path = baseDir.resolve(file);
            try {
                String content = Files.readString(path, StandardCharsets.UTF_8);
                return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read file " + path + " named by ${file:" + file + "}");
            }
        }
        String fallback = null;
        int dash = ref.indexOf(":-");
        if (dash > 0) {
            fallback = ref.substring(dash + 2);
            ref = ref.substring(0, dash);
        }
        if (!NAME.matcher(ref).matches()) {
            throw new IllegalArgumentException("'${" + ref + "}' is not a valid placeholder (use ${NAME} or ${file:/path})");
        }
        String value = environment.apply(ref);
        if (value == null && fallback != null) {
            return fallback;
        }
        if (value == null) {
            throw new IllegalArgumentException("environment variable " + ref + " is not set");
        }
        return value;
    }
}
