package dev.driftwatch.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/architecture.md, read from the sources under src/main/java: packages form no cycle, a check kind
 * (a package with a {@code CheckGroup} bean) imports only config, probe, the shared platform clients and itself,
 * the spine never imports a kind (only Main, the entry point, reaches a kind's command-line subcommand), and only
 * {@code metrics} touches Micrometer.
 */
class ArchitectureTest {
    private static final Path ROOT = Path.of("src/main/java");
    private static final String BASE = "dev.driftwatch";
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?;", Pattern.MULTILINE);
    /** Fully qualified uses in code ({@code dev.driftwatch.x.Y.of(...)}), which need no import. */
    private static final Pattern QUALIFIED = Pattern.compile("\\b(dev\\.driftwatch(?:\\.[a-z]\\w*)+)\\.[A-Z]");
    private static final Set<String> KIND_MAY_USE = Set.of("config", "probe", "platform");

    private record Source(Path file, String pkg, List<String> imports, String text) {
    }

    private static List<Source> sources;
    private static Map<String, Set<String>> graph;
    private static Set<String> kinds;

    @BeforeAll
    static void read() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).map(ArchitectureTest::parse).toList();
        }
        graph = new TreeMap<>();
        for (Source s : sources) {
            Set<String> out = graph.computeIfAbsent(s.pkg(), p -> new TreeSet<>());
            for (String i : s.imports()) {
                String target = packageOf(i);
                if (target.startsWith(BASE + ".") && !target.equals(s.pkg())) {
                    out.add(target);
                }
            }
        }
        kinds = sources.stream().filter(s -> s.text().matches("(?s).*\\bimplements\\s+CheckGroup\\b.*"))
                .map(s -> top(s.pkg())).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Source parse(Path file) {
        try {
            String text = Files.readString(file);
            Matcher p = PACKAGE.matcher(text);
            String pkg = p.find() ? p.group(1) : "";
            List<String> imports = new ArrayList<>();
            Matcher i = IMPORT.matcher(text);
            while (i.find()) {
                imports.add(i.group(1));
            }
            Matcher q = QUALIFIED.matcher(text.replaceAll("(?m)^(package|import) .*$", ""));
            while (q.find()) {
                imports.add(q.group(1) + ".X");
            }
            return new Source(file, pkg, imports, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The package of an imported name: everything before the first segment that starts upper-case. */
    private static String packageOf(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("\\.")) {
            if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
                break;
            }
            parts.add(part);
        }
        return String.join(".", parts);
    }

    /** {@code dev.driftwatch.platform.vercel} → {@code platform}; the top-level package under dev.driftwatch. */
    private static String top(String pkg) {
        if (!pkg.startsWith(BASE + ".")) {
            return "";
        }
        String rest = pkg.substring(BASE.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    @Test
    void theKindsAreFoundAndTheSpineIsNotAKind() {
        assertThat(kinds).contains("schema", "vercel", "ratelimit", "provider", "smoke")
                .doesNotContain("config", "probe", "verdict", "metrics", "api", "platform");
    }

    @Test
    void noPackageCycle() {
        List<List<String>> cycles = stronglyConnected().stream().filter(c -> c.size() > 1).toList();
        assertThat(cycles).as("package cycles (each list imports itself around)").isEmpty();
    }

    @Test
    void aKindImportsOnlyConfigProbeThePlatformClientsAndItself() {
        List<String> offences = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : graph.entrySet()) {
            String from = top(e.getKey());
            if (!kinds.contains(from)) {
                continue;
            }
            e.getValue().stream().filter(to -> !top(to).equals(from) && !KIND_MAY_USE.contains(top(to)))
                    .forEach(to -> offences.add(e.getKey() + " -> " + to));
        }
        assertThat(offences).as("kind imports of api, another kind or another spine package").isEmpty();
    }

    @Test
    void theSpineAndThePlatformClientsNeverImportAKind() {
        List<String> offences = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : graph.entrySet()) {
            // Main, the entry point in dev.driftwatch itself, dispatches the command-line subcommands kinds offer
            if (kinds.contains(top(e.getKey())) || e.getKey().equals(BASE)) {
                continue;
            }
            e.getValue().stream().filter(to -> kinds.contains(top(to))).forEach(to -> offences.add(e.getKey() + " -> " + to));
        }
        assertThat(offences).as("non-kind packages that import a kind").isEmpty();
    }

    @Test
    void onlyMetricsTouchesMicrometer() {
        List<String> offences = sources.stream()
                .filter(s -> !top(s.pkg()).equals("metrics"))
                .filter(s -> s.imports().stream().anyMatch(i -> i.startsWith("io.micrometer")) || s.text().contains("MeterRegistry"))
                .map(s -> s.file().toString()).toList();
        assertThat(offences).isEmpty();
    }

    /** Tarjan's strongly connected components of the package graph. */
    private static List<List<String>> stronglyConnected() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                                Set<String> onStack, List<List<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            out.add(component);
        }
    }
}
