package dev.driftwatch.discovery;

import dev.driftwatch.config.Secret;
import dev.driftwatch.platform.supabase.Branch;
import dev.driftwatch.platform.supabase.BranchDatabase;
import dev.driftwatch.platform.supabase.SupabaseAnswer;
import dev.driftwatch.platform.supabase.SupabaseApi;
import dev.driftwatch.platform.supabase.SupabaseProject;
import dev.driftwatch.platform.vercel.PreviewDeployment;
import dev.driftwatch.platform.vercel.VercelAnswer;
import dev.driftwatch.platform.vercel.VercelDeployments;
import dev.driftwatch.platform.vercel.VercelProject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Preview environments, one per git branch: the branch's newest READY Vercel preview deployment, its Supabase database
 * branch, or both joined on the branch name. When both are configured a preview needs both (its template reaches the
 * deployment and the database); a branch found on one side only is left out and named in a log line when that set
 * changes, so that a preview whose database is still being created appears once it exists instead of failing first.
 */
final class VercelSupabaseSource implements DiscoverySource {
    private static final Logger LOG = Logger.getLogger(VercelSupabaseSource.class);
    /** Branch states with no database yet, and database states with none to reach: not a preview (yet, or any more). */
    static final Set<String> NOT_YET = Set.of("CREATING_PROJECT");
    static final Set<String> NOT_UP = Set.of("COMING_UP", "GOING_DOWN", "REMOVED", "INACTIVE", "PAUSING");

    private final String name;
    private final VercelDeployments vercelApi;
    private final VercelProject vercel;
    private final Duration maxAge;
    private final SupabaseApi supabaseApi;
    private final SupabaseProject supabase;
    private final Duration interval;
    private final Clock clock;
    private String lastNote = "";

    VercelSupabaseSource(String name, VercelDeployments vercelApi, VercelProject vercel, Duration maxAge,
                         SupabaseApi supabaseApi, SupabaseProject supabase, Duration interval) {
        this(name, vercelApi, vercel, maxAge, supabaseApi, supabase, interval, Clock.systemUTC());
    }

    VercelSupabaseSource(String name, VercelDeployments vercelApi, VercelProject vercel, Duration maxAge,
                         SupabaseApi supabaseApi, SupabaseProject supabase, Duration interval, Clock clock) {
        this.name = name;
        this.vercelApi = vercelApi;
        this.vercel = vercel;
        this.maxAge = maxAge;
        this.supabaseApi = supabaseApi;
        this.supabase = supabase;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public List<Secret> secrets() {
        List<Secret> out = new ArrayList<>();
        if (vercel != null) {
            out.add(vercel.token());
        }
        if (supabase != null) {
            out.add(supabase.token());
        }
        return List.copyOf(out);
    }

    @Override
    public List<DiscoveredTarget> discover(Duration timeout) throws DiscoveryException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, PreviewDeployment> deployments = vercel == null ? null : newestPerBranch(left(deadline));
        Map<String, Branch> branches = supabase == null ? null : supabaseBranches(left(deadline));
        Set<String> names = new TreeSet<>(deployments != null ? deployments.keySet() : branches.keySet());
        if (deployments != null && branches != null) {
            Set<String> vercelOnly = new TreeSet<>(deployments.keySet());
            vercelOnly.removeAll(branches.keySet());
            Set<String> supabaseOnly = new TreeSet<>(branches.keySet());
            supabaseOnly.removeAll(deployments.keySet());
            names.retainAll(branches.keySet());
            note(vercelOnly, supabaseOnly);
        }
        List<DiscoveredTarget> out = new ArrayList<>();
        for (String branch : names) {
            Map<String, String> fields = new LinkedHashMap<>();
            Map<String, Secret> secrets = new LinkedHashMap<>();
            fields.put("branch", branch);
            if (deployments != null) {
                PreviewDeployment d = deployments.get(branch);
                fields.put("url", d.url());
                fields.put("deployment", d.uid());
                fields.put("vercel_created", Long.toString(d.created()));
                if (d.sha() != null) {
                    fields.put("commit", d.sha());
                }
            }
            if (branches != null) {
                Branch b = branches.get(branch);
                BranchDatabase db = orThrow(supabaseApi.database(supabase, b.id(), left(deadline)));
                if (db.status() != null && NOT_UP.contains(db.status())) {
                    continue;
                }
                fields.put("db_host", db.host());
                fields.put("db_port", Integer.toString(db.port()));
                if (db.user() != null) {
                    fields.put("db_user", db.user());
                }
                fields.put("branch_ref", b.ref());
                if (db.status() != null) {
                    fields.put("supabase_status", db.status());
                }
                if (db.password() != null) {
                    secrets.put("db_password", db.password());
                }
            }
            out.add(new DiscoveredTarget(fields, secrets));
        }
        return List.copyOf(out);
    }

    /** The newest READY preview deployment of each git branch (deployments not made from git have no branch). */
    private Map<String, PreviewDeployment> newestPerBranch(Duration timeout) throws DiscoveryException, InterruptedException {
        VercelAnswer<List<PreviewDeployment>> answer = vercelApi.readyPreviews(vercel, clock.instant().minus(maxAge), timeout);
        if (!answer.ok()) {
            throw new DiscoveryException(answer.failure());
        }
        Map<String, PreviewDeployment> out = new TreeMap<>();
        for (PreviewDeployment d : answer.value()) {
            if (d.branch() != null) {
                out.merge(d.branch(), d, (a, b) -> b.created() > a.created() ? b : a);
            }
        }
        return out;
    }

    /** The non-default branches with a database (being created: not yet), by git branch; the first of a name wins. */
    private Map<String, Branch> supabaseBranches(Duration timeout) throws DiscoveryException, InterruptedException {
        List<Branch> all = orThrow(supabaseApi.branches(supabase, timeout));
        Map<String, Branch> out = new TreeMap<>();
        for (Branch b : all) {
            if (!b.isDefault() && (b.status() == null || !NOT_YET.contains(b.status()))) {
                out.putIfAbsent(b.branchName(), b);
            }
        }
        return out;
    }

    private static <T> T orThrow(SupabaseAnswer<T> answer) throws DiscoveryException {
        if (!answer.ok()) {
            throw new DiscoveryException(answer.failure());
        }
        return answer.value();
    }

    private static Duration left(long deadline) throws DiscoveryException {
        long nanos = deadline - System.nanoTime();
        if (nanos < 1_000_000) {
            throw new DiscoveryException("the preview source's time ran out before every request was answered");
        }
        return Duration.ofNanos(nanos);
    }

    /** Logs the branches found on one side only, when that set changes (not every interval). */
    private synchronized void note(Set<String> vercelOnly, Set<String> supabaseOnly) {
        String note = (vercelOnly.isEmpty() ? "" : vercelOnly.size() + " Vercel preview branch(es) without a Supabase branch: "
                + String.join(", ", vercelOnly)) + (vercelOnly.isEmpty() || supabaseOnly.isEmpty() ? "" : "; ")
                + (supabaseOnly.isEmpty() ? "" : supabaseOnly.size() + " Supabase branch(es) without a READY Vercel preview: "
                + String.join(", ", supabaseOnly));
        if (!note.equals(lastNote)) {
            lastNote = note;
            if (!note.isEmpty()) {
                LOG.infof("discovery source %s: not listed (a preview needs both): %s", name, note.replaceAll("\\p{Cntrl}", "?"));
            }
        }
    }
}
