package dev.driftwatch.discovery;

import dev.driftwatch.config.ConfigNode;
import dev.driftwatch.config.Durations;
import dev.driftwatch.config.Secret;
import dev.driftwatch.platform.supabase.SupabaseApi;
import dev.driftwatch.platform.supabase.SupabaseProject;
import dev.driftwatch.platform.vercel.VercelDeployments;
import dev.driftwatch.platform.vercel.VercelProject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The preview source: a Vercel project's READY preview deployments and/or a Supabase project's database branches,
 * one target per git branch (joined on the branch name when both are configured). Entry keys:
 * <pre>
 * vercel:   {token, project, team, interval, maxAge, baseUrl}
 * supabase: {token, project, interval, baseUrl}
 * </pre>
 */
@ApplicationScoped
public class VercelSupabaseSourceType implements DiscoverySourceType {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);
    private static final Set<String> VERCEL_KEYS = Set.of("token", "project", "team", "interval", "maxAge", "baseUrl");
    private static final Set<String> SUPABASE_KEYS = Set.of("token", "project", "interval", "baseUrl");

    private final VercelDeployments vercel;
    private final SupabaseApi supabase;

    @Inject
    public VercelSupabaseSourceType(VercelDeployments vercel, SupabaseApi supabase) {
        this.vercel = vercel;
        this.supabase = supabase;
    }

    @Override
    public Set<String> keys() {
        return Set.of("vercel", "supabase");
    }

    @Override
    public DiscoverySource parse(ConfigNode source) {
        Reader r = new Reader();
        Optional<ConfigNode> v = source.object("vercel", false);
        Optional<ConfigNode> s = source.object("supabase", false);
        if ((source.has("vercel") && v.isEmpty()) || (source.has("supabase") && s.isEmpty())) {
            return null;
        }
        if (v.isEmpty() && s.isEmpty()) {
            source.error(null, "needs vercel or supabase (or both)");
            return null;
        }
        VercelProject vercelProject = null;
        Duration maxAge = DEFAULT_MAX_AGE;
        Duration interval = null;
        if (v.isPresent()) {
            ConfigNode n = v.get();
            r.allowOnly(n, VERCEL_KEYS);
            String team = n.optString("team").filter(t -> !t.isBlank()).orElse(null);
            vercelProject = new VercelProject(r.baseUrl(n, URI.create("https://api.vercel.com")), r.token(n),
                    r.required(n, "project"), team);
            maxAge = r.duration(n, "maxAge", DEFAULT_MAX_AGE);
            interval = r.duration(n, "interval", null);
        }
        SupabaseProject supabaseProject = null;
        if (s.isPresent()) {
            ConfigNode n = s.get();
            r.allowOnly(n, SUPABASE_KEYS);
            String ref = r.required(n, "project");
            if (!ref.isEmpty() && !SupabaseApi.ID.matcher(ref).matches()) {
                r.error(n, "project", "must be a project ref (letters, digits, '-'), as in https://<ref>.supabase.co");
            }
            supabaseProject = new SupabaseProject(r.baseUrl(n, SupabaseProject.DEFAULT_BASE_URL), r.token(n), ref);
            Duration own = r.duration(n, "interval", null);
            interval = own == null ? interval : interval == null || own.compareTo(interval) < 0 ? own : interval;
        }
        if (!r.ok) {
            return null;
        }
        String name = source.path().startsWith("discover.") ? source.path().substring("discover.".length()) : source.path();
        return new VercelSupabaseSource(name, vercel, vercelProject, maxAge, supabase, supabaseProject,
                interval == null ? DEFAULT_INTERVAL : interval);
    }

    /** Reads keys, remembering whether any problem was recorded (the entry is then not a source). */
    private static final class Reader {
        private boolean ok = true;

        void error(ConfigNode n, String key, String message) {
            n.error(key, message);
            ok = false;
        }

        void allowOnly(ConfigNode n, Set<String> allowed) {
            Set<String> keys = new HashSet<>(n.fields().keySet());
            keys.removeAll(allowed);
            if (!keys.isEmpty()) {
                n.allowOnly(allowed);
                ok = false;
            }
        }

        String required(ConfigNode n, String key) {
            Optional<String> value = n.optString(key);
            if (value.isEmpty() || value.get().isBlank()) {
                error(n, key, n.has(key) && value.isPresent() ? "must not be empty" : "required");
                return "";
            }
            return value.get().trim();
        }

        Secret token(ConfigNode n) {
            return new Secret(required(n, "token"));
        }

        Duration duration(ConfigNode n, String key, Duration fallback) {
            Optional<String> text = n.optString(key);
            if (text.isEmpty()) {
                ok &= !n.has(key);
                return fallback;
            }
            try {
                Duration d = Durations.parse(text.get());
                if (d.isZero() || d.isNegative()) {
                    error(n, key, "must be greater than zero");
                    return fallback;
                }
                return d;
            } catch (IllegalArgumentException e) {
                error(n, key, e.getMessage());
                return fallback;
            }
        }

        URI baseUrl(ConfigNode n, URI fallback) {
            Optional<String> text = n.optString("baseUrl");
            if (text.isEmpty()) {
                ok &= !n.has("baseUrl");
                return fallback;
            }
            try {
                URI uri = new URI(text.get().trim().replaceAll("/+$", ""));
                if ((!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) || uri.getHost() == null
                        || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    error(n, "baseUrl", "must be an http:// or https:// URL without credentials, query or fragment");
                    return fallback;
                }
                return uri;
            } catch (URISyntaxException e) {
                error(n, "baseUrl", "not a URL");
                return fallback;
            }
        }
    }
}
