package dev.driftwatch.discovery;

import dev.driftwatch.config.Durations;
import dev.driftwatch.config.EnvironmentBodies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The last list of one source and how its latest read went; kept across reloads by the source's name, so that a
 * reload never empties the fleet either.
 */
final class SourceState {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SourceState.class);
    private final String name;
    /** A read is under way: a slow source is never read twice at once. */
    final AtomicBoolean reading = new AtomicBoolean();
    private Map<String, Kept> kept = new TreeMap<>();
    private Instant lastRunAt;
    private Instant lastSuccessAt;
    private String error;
    private boolean up;
    private List<String> listProblems = List.of();
    private List<String> expansionProblems = List.of();
    private List<String> environments = List.of();
    private SourcePlan expandedFor;
    private final Map<String, Cached> expansions = new HashMap<>();

    /** A target under the name it was given, with the raw name and target it was given for. */
    record Kept(DiscoveredTarget target, String identity, Instant lastSeen) {
    }

    private record Cached(DiscoveredTarget target, EnvironmentBodies.Expansion expansion) {
    }

    SourceState(String name) {
        this.name = name;
    }

    /** Takes a whole new list; returns true when the environments it gives changed. */
    synchronized boolean succeeded(List<DiscoveredTarget> targets, SourcePlan plan, Instant now) {
        lastRunAt = now;
        lastSuccessAt = now;
        up = true;
        error = null;
        List<String> problems = new ArrayList<>();
        record Named(String raw, String identity, DiscoveredTarget target) {
        }
        List<Named> named = new ArrayList<>();
        for (DiscoveredTarget t : targets) {
            try {
                String raw = plan.bodies().name(plan.template(), t.fields());
                named.add(new Named(raw, raw + "\u0000" + t.fields().getOrDefault("target", ""), t));
            } catch (IllegalArgumentException e) {
                problems.add("target " + describe(t) + ": environment: " + e.getMessage());
            }
        }
        named.sort(Comparator.comparing(Named::identity));
        Map<String, String> previousNames = new HashMap<>();
        kept.forEach((env, k) -> previousNames.put(k.identity(), env));
        Map<String, Kept> present = new TreeMap<>();
        List<Named> fresh = new ArrayList<>();
        for (Named n : named) {
            String previous = previousNames.get(n.identity());
            if (previous != null && !present.containsKey(previous)) {
                present.put(previous, new Kept(n.target(), n.identity(), now));
            } else {
                fresh.add(n);
            }
        }
        for (Named n : fresh) {
            String base = EnvironmentNames.sanitise(n.raw());
            if (base == null) {
                problems.add("target " + describe(n.target()) + ": '" + shorten(n.raw()) + "' leaves no valid environment name");
                continue;
            }
            String env = present.containsKey(base) ? EnvironmentNames.suffixed(base, n.identity()) : base;
            if (present.containsKey(env)) {
                problems.add("target " + describe(n.target()) + ": listed twice (same environment name and target)");
                continue;
            }
            present.put(env, new Kept(n.target(), n.identity(), now));
        }
        if (present.size() > plan.max()) {
            List<String> over = new ArrayList<>(present.keySet()).subList(plan.max(), present.size());
            problems.add("lists " + present.size() + " environments, past the cap of " + plan.max() + " (max): "
                    + over.size() + " left out (" + String.join(", ", over.subList(0, Math.min(5, over.size())))
                    + (over.size() > 5 ? ", ..." : "") + ")");
            new ArrayList<>(over).forEach(present::remove);
        }
        Map<String, Kept> next = new TreeMap<>(present);
        for (Map.Entry<String, Kept> old : kept.entrySet()) {
            boolean withinGrace = Duration.between(old.getValue().lastSeen(), now).compareTo(plan.grace()) < 0;
            if (!next.containsKey(old.getKey()) && withinGrace && next.size() < plan.max()) {
                next.put(old.getKey(), old.getValue());
            }
        }
        boolean changed = !targets(next).equals(targets(kept));
        problems.stream().filter(p -> p.startsWith("lists ") && !listProblems.contains(p))
                .forEach(p -> LOG.warnf("discovery source %s %s", name, p));
        kept = next;
        listProblems = List.copyOf(problems);
        return changed;
    }

    /** Records a failed read (the list stays); returns true when it is news (the source was up, or failed otherwise). */
    synchronized boolean failed(String why, Instant now) {
        boolean news = !why.equals(error);
        lastRunAt = now;
        up = false;
        error = why;
        return news;
    }

    /** The environments to expand: name and target. */
    synchronized Map<String, DiscoveredTarget> kept() {
        return targets(kept);
    }

    /** The expansion of {@code env} for {@code target}, reused while neither the plan nor the target changes. */
    synchronized EnvironmentBodies.Expansion expand(SourcePlan plan, String env, DiscoveredTarget target) {
        if (expandedFor != plan) {
            expansions.clear();
            expandedFor = plan;
        }
        Cached cached = expansions.get(env);
        if (cached == null || !cached.target().equals(target)) {
            cached = new Cached(target, plan.bodies().expand(plan.template(), env, target.fields(), target.secrets()));
            expansions.put(env, cached);
        }
        expansions.keySet().retainAll(kept.keySet());
        return cached.expansion();
    }

    synchronized void expanded(List<String> names, List<String> problems) {
        environments = List.copyOf(names);
        expansionProblems = List.copyOf(problems);
    }

    synchronized SourceStatus status(SourcePlan plan) {
        List<String> problems = new ArrayList<>(listProblems);
        problems.addAll(expansionProblems);
        return new SourceStatus(name, plan.type(), Durations.format(plan.source().interval()), Durations.format(plan.grace()),
                plan.max(), up, lastRunAt, lastSuccessAt, error, environments, List.copyOf(problems));
    }

    synchronized Instant lastSuccessAt() {
        return lastSuccessAt;
    }

    synchronized int environmentCount() {
        return environments.size();
    }

    private static Map<String, DiscoveredTarget> targets(Map<String, Kept> kept) {
        Map<String, DiscoveredTarget> out = new LinkedHashMap<>();
        kept.forEach((env, k) -> out.put(env, k.target()));
        return out;
    }

    /** A target by its branch or first target, never by a secret. */
    private static String describe(DiscoveredTarget t) {
        String id = t.fields().getOrDefault("branch", t.fields().getOrDefault("target", "?"));
        return "'" + shorten(id) + "'";
    }

    private static String shorten(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 60 ? printable : printable.substring(0, 60) + "...";
    }
}
