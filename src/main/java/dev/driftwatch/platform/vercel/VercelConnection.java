package dev.driftwatch.platform.vercel;

import dev.driftwatch.config.ConfigNode;
import dev.driftwatch.config.Secret;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An environment's {@code vercel:} group as a connection: the project and the Vercel environment (configured as
 * {@code target}: production, preview or development) whose variables the deployed app of this driftwatch
 * environment reads.
 */
public record VercelConnection(VercelProject project, String vercelEnvironment) {
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.vercel.com");
    static final List<String> TARGETS = List.of("production", "preview", "development");
    public static final Set<String> KEYS = Set.of("token", "projectId", "teamId", "target", "baseUrl");

    /** Reads the connection keys of a {@code vercel:} group (other keys are the group's own business). */
    public static VercelConnection read(ConfigNode group, String environment) {
        Secret token = group.secret("token");
        if (group.has("token") && token.isEmpty()) {
            group.error("token", "must not be empty");
        }
        String projectId = group.string("projectId");
        if (group.has("projectId") && projectId.isBlank()) {
            group.error("projectId", "must not be empty");
        }
        String teamId = group.optString("teamId").filter(t -> !t.isBlank()).orElse(null);
        String target = group.optString("target").orElse(null);
        if (target == null) {
            target = TARGETS.contains(environment.toLowerCase(Locale.ROOT)) ? environment.toLowerCase(Locale.ROOT) : "";
            if (target.isEmpty()) {
                group.error("target", "required: environment " + environment + " is not named production, preview or development; "
                        + "set the Vercel environment its app reads (" + String.join(", ", TARGETS) + ")");
            }
        } else if (!TARGETS.contains(target)) {
            group.error("target", "must be one of " + String.join(", ", TARGETS));
        }
        return new VercelConnection(new VercelProject(baseUrl(group), token, projectId, teamId), target);
    }

    private static URI baseUrl(ConfigNode group) {
        Optional<String> text = group.optString("baseUrl");
        if (text.isEmpty()) {
            return DEFAULT_BASE_URL;
        }
        try {
            URI uri = new URI(text.get().trim().replaceAll("/+$", ""));
            if ((!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
                group.error("baseUrl", "must be an http:// or https:// URL without credentials or a query");
                return DEFAULT_BASE_URL;
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            group.error("baseUrl", "not a URL");
            return DEFAULT_BASE_URL;
        }
    }

    /** How reasons name it: {@code Vercel project prj_x (production)}. */
    public String describe() {
        return "Vercel project " + project.projectId() + " (" + vercelEnvironment + ")";
    }
}
