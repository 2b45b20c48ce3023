package dev.driftwatch.provider;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The provider APIs driftwatch can ask about a key, each through one zero-cost endpoint. A base URL is the one the
 * provider's own SDK uses; the probe appends {@link #path()}.
 */
public enum ProviderType {
    OPENAI("openai", "https://api.openai.com/v1", "/models", Set.of(401)),
    ANTHROPIC("anthropic", "https://api.anthropic.com", "/v1/models", Set.of(401, 403)),
    OPENROUTER("openrouter", "https://openrouter.ai/api/v1", "/key", Set.of(401)),
    GROQ("groq", "https://api.groq.com/openai/v1", "/models", Set.of(401)),
    GEMINI("gemini", "https://generativelanguage.googleapis.com", "/v1beta/models", Set.of(401, 403)),
    MISTRAL("mistral", "https://api.mistral.ai/v1", "/models", Set.of(401, 403)),
    TOGETHER("together", "https://api.together.xyz/v1", "/models", Set.of(401, 403)),
    OPENAI_COMPATIBLE("openai-compatible", null, "/models", Set.of(401, 403));

    private final String label;
    private final String defaultBaseUrl;
    private final String path;
    private final Set<Integer> rejectedStatuses;

    ProviderType(String label, String defaultBaseUrl, String path, Set<Integer> rejectedStatuses) {
        this.label = label;
        this.defaultBaseUrl = defaultBaseUrl;
        this.path = path;
        this.rejectedStatuses = rejectedStatuses;
    }

    public String label() {
        return label;
    }

    /** The base URL of the provider's public API; empty for {@code openai-compatible}, which must name one. */
    public Optional<URI> defaultBaseUrl() {
        return Optional.ofNullable(defaultBaseUrl).map(URI::create);
    }

    /** The path the probe requests below the base URL. */
    public String path() {
        return path;
    }

    /** HTTP statuses that mean the provider refused the key (Gemini also refuses with 400 API_KEY_INVALID). */
    boolean rejects(int status) {
        return rejectedStatuses.contains(status);
    }

    public static Optional<ProviderType> parse(String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        for (ProviderType t : values()) {
            if (t.label.equals(wanted)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public static String labels() {
        StringBuilder s = new StringBuilder();
        for (ProviderType t : values()) {
            s.append(s.length() == 0 ? "" : ", ").append(t.label);
        }
        return s.toString();
    }
}
