package dev.driftwatch.vercel;

import dev.driftwatch.platform.vercel.VercelEnvironments;
import dev.driftwatch.platform.vercel.VercelConnection;
import dev.driftwatch.platform.vercel.VercelApi;
import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigNode;
import dev.driftwatch.config.GroupContext;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.CheckGroup;
import dev.driftwatch.probe.Probe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code vercel} group: the connection to the environment's Vercel project (also read by {@code fromVercel} and
 * {@code keyFromVercel}), the environment contract checked as {@code env/vercel} (when {@code required} is set) and
 * the deployment behind the alias checked as {@code deployment/vercel} (when {@code alias} is set).
 */
@ApplicationScoped
public class VercelCheckGroup implements CheckGroup {
    static final List<String> DEFAULT_PLACEHOLDERS = List.of("your-", "your_", "changeme", "change-me", "replace-me", "placeholder");
    private static final Set<String> OWN_KEYS = Set.of("required", "urls", "placeholders", "alias", "expectCommit",
            "interval", "timeout", "severity");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,255}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    private final VercelEnvironments environments;
    private final VercelApi api;
    private final ReleaseMarkers markers;

    @Inject
    public VercelCheckGroup(VercelEnvironments environments, VercelApi api, ReleaseMarkers markers) {
        this.environments = environments;
        this.api = api;
        this.markers = markers;
    }

    @Override
    public String configKey() {
        return "vercel";
    }

    @Override
    public Set<String> kinds() {
        return Set.of("env", "deployment");
    }

    @Override
    public List<CheckDefinition> parse(ConfigNode group, GroupContext context) {
        Set<String> allowed = new HashSet<>(OWN_KEYS);
        allowed.addAll(VercelConnection.KEYS);
        group.allowOnly(allowed);
        VercelConnection connection = VercelConnection.read(group, context.environment());
        List<CheckDefinition> out = new ArrayList<>();
        if (group.has("required")) {
            List<String> required = names(group, "required");
            if (required.isEmpty()) {
                group.error("required", "must list at least one variable");
            }
            List<String> urls = names(group, "urls");
            urls.stream().filter(u -> !required.contains(u)).findFirst()
                    .ifPresent(u -> group.error("urls", u + " is not in required"));
            List<String> placeholders = new ArrayList<>(DEFAULT_PLACEHOLDERS);
            placeholders.addAll(group.stringList("placeholders", List.of()));
            out.add(context.define(group, "env", "vercel", Severity.CRITICAL,
                    new EnvSettings(connection, required, urls, List.copyOf(placeholders))));
        } else if (group.has("urls") || group.has("placeholders")) {
            group.error("required", "required when urls or placeholders are set");
        }
        if (group.has("alias")) {
            String alias = group.string("alias").trim().replaceFirst("^https?://", "").replaceAll("/+$", "");
            if (!HOST.matcher(alias).matches()) {
                group.error("alias", "must be a hostname such as app.example.com");
            }
            String expect = group.optString("expectCommit").orElse(null);
            if (expect != null && !COMMIT.matcher(expect).matches()) {
                group.error("expectCommit", "must be a git commit SHA (7 to 40 lowercase hex digits)");
            }
            out.add(context.define(group, "deployment", "vercel", Severity.CRITICAL, new DeploymentSettings(connection, alias, expect)));
        } else if (group.has("expectCommit")) {
            group.error("alias", "required when expectCommit is set");
        }
        return out;
    }

    private static List<String> names(ConfigNode group, String key) {
        List<String> names = group.stringList(key, List.of());
        for (String n : names) {
            if (!VARIABLE.matcher(n).matches()) {
                group.error(key, "'" + n + "' is not an environment variable name");
            }
        }
        return List.copyOf(new LinkedHashSet<>(names));
    }

    @Override
    public Probe newProbe(CheckDefinition check) {
        if (check.settings() instanceof EnvSettings env) {
            return new EnvProbe(check.target(), env, environments, check.interval());
        }
        return new DeploymentProbe(check.environment(), check.target(), check.settings(DeploymentSettings.class), api, markers);
    }
}
