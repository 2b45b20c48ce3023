package dev.driftwatch.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Parses and validates the environments file as a whole; unchecked input never leaves this class. */
public final class EnvironmentsFileParser {
    /** A valid environment name; discovered names are sanitised to it. */
    public static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    /**
     * The largest environments file read, in characters. SnakeYAML's default (3 MiB) rejected a 10,000-environment
     * file (6.6 MB, bench/RESULTS.md); a file past this limit is refused with a message saying so.
     */
    static final int MAX_CHARACTERS = 64 * 1024 * 1024;
    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder().loaderOptions(loaderOptions()).build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private static org.yaml.snakeyaml.LoaderOptions loaderOptions() {
        org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
        options.setCodePointLimit(MAX_CHARACTERS);
        return options;
    }

    private final Map<String, CheckGroupParser> groups = new TreeMap<>();
    private final Function<String, String> environment;
    private final Duration defaultInterval;
    private final Duration defaultTimeout;
    /** Reads {@code discover:}; null: the key is not known. */
    private final EnvironmentDiscovery discovery;

    public EnvironmentsFileParser(Collection<? extends CheckGroupParser> groups, Function<String, String> environment,
                                  Duration defaultInterval, Duration defaultTimeout) {
        this(groups, environment, defaultInterval, defaultTimeout, null);
    }

    public EnvironmentsFileParser(Collection<? extends CheckGroupParser> groups, Function<String, String> environment,
                                  Duration defaultInterval, Duration defaultTimeout, EnvironmentDiscovery discovery) {
        groups.forEach(g -> this.groups.put(g.configKey(), g));
        this.environment = environment;
        this.defaultInterval = defaultInterval;
        this.defaultTimeout = defaultTimeout;
        this.discovery = discovery;
    }

    /**
     * The file's own environments and its {@code discover:} plan (null when it has none).
     *
     * @param config    the environments the file lists, with their secrets
     * @param discovery to run once the file is applied, or to close when it is not
     */
    public record ParsedFile(MonitorConfig config, EnvironmentDiscovery.DiscoveryPlan discovery) {
    }

    /**
     * Parses and validates the file. Error messages never carry a value that came from a placeholder (environment
     * variable or file) nor a line of the file: a last pass replaces every such value by its fingerprint.
     */
    public MonitorConfig parse(String yaml, Path baseDir) {
        ParsedFile parsed = parseFile(yaml, baseDir);
        if (parsed.discovery() != null) {
            parsed.discovery().close();
        }
        return parsed.config();
    }

    /** As {@link #parse}, with the {@code discover:} plan; the caller runs or closes it. */
    public ParsedFile parseFile(String yaml, Path baseDir) {
        Placeholders placeholders = new Placeholders(environment, baseDir);
        try {
            return parse(yaml, baseDir, placeholders);
        } catch (ConfigException e) {
            Redactor redactor = new Redactor(placeholders.expandedValues());
            throw new ConfigException(e.errors().stream().map(redactor::scrub).toList());
        }
    }

    private ParsedFile parse(String yaml, Path baseDir, Placeholders placeholders) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException("(file): " + YamlErrors.describe(e));
        }
        ConfigNode.Problems problems = new ConfigNode.Problems();
        List<Secret> secrets = new ArrayList<>();
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ConfigException("environments: required (the file is empty)");
        }
        if (!tree.isObject()) {
            throw new ConfigException("(file): must be a mapping with the key environments");
        }
        ConfigNode root = new ConfigNode(tree, "", problems, placeholders);
        root.allowOnly(discovery == null ? Set.of("interval", "timeout", "environments")
                : Set.of("interval", "timeout", "environments", "discover"));
        Duration interval = root.duration("interval", defaultInterval);
        Duration timeout = root.duration("timeout", defaultTimeout);
        Map<String, EnvironmentConfig> environments = new LinkedHashMap<>();
        boolean discovers = discovery != null && root.has("discover");
        Optional<ConfigNode> envs = root.object("environments", !discovers);
        if (envs.isPresent() && envs.get().fields().isEmpty() && !discovers) {
            envs.get().error(null, "must name at least one environment");
        }
        Map<String, ConfigNode> envNodes = envs.map(ConfigNode::fields).orElse(Map.of());
        Set<String> names = new LinkedHashSet<>(envNodes.keySet());
        for (Map.Entry<String, ConfigNode> e : envNodes.entrySet()) {
            String name = e.getKey();
            ConfigNode env = e.getValue();
            if (!ENVIRONMENT_NAME.matcher(name).matches()) {
                env.error(null, "not a valid environment name (letters, digits, '.', '_' and '-', at most 63)");
            }
            if (!env.isObject()) {
                env.error(null, "must be a mapping of check groups");
                continue;
            }
            environments.put(name, parseEnvironment(name, env, interval, timeout, baseDir, names, envNodes, placeholders));
        }
        EnvironmentDiscovery.DiscoveryPlan plan = null;
        if (discovers) {
            FileState state = new FileState(Set.copyOf(names), interval, timeout, baseDir, envNodes, problems);
            Optional<ConfigNode> section = root.object("discover", false);
            if (section.isPresent()) {
                plan = discovery.plan(section.get(), new EnvironmentBodies(state));
            }
        }
        if (problems.any() && plan != null) {
            plan.close();
        }
        problems.throwIfAny();
        collectSecrets(environments.values(), secrets);
        secrets.addAll(placeholders.urlCredentials());
        return new ParsedFile(new MonitorConfig(environments, List.copyOf(secrets)), plan);
    }

    /** What a {@code discover:} template needs of the file: its names, defaults and peers, for {@link EnvironmentBodies}. */
    final class FileState {
        private final Set<String> names;
        private final Duration interval;
        private final Duration timeout;
        private final Path baseDir;
        private final Map<String, ConfigNode> envNodes;
        private final ConfigNode.Problems problems;

        FileState(Set<String> names, Duration interval, Duration timeout, Path baseDir, Map<String, ConfigNode> envNodes,
                  ConfigNode.Problems problems) {
            this.names = names;
            this.interval = interval;
            this.timeout = timeout;
            this.baseDir = baseDir;
            this.envNodes = envNodes;
            this.problems = problems;
        }

        Set<String> names() {
            return names;
        }

        Function<String, String> environment() {
            return environment;
        }

        Path baseDir() {
            return baseDir;
        }

        ConfigNode.Problems problems() {
            return problems;
        }

        /** Parses a discovered environment's body; its peers ({@code reference: staging}) are the file's environments. */
        EnvironmentConfig parseEnvironment(String name, ConfigNode body, Placeholders placeholders) {
            Set<String> all = new LinkedHashSet<>(names);
            all.add(name);
            if (!body.isObject()) {
                body.error(null, "must be a mapping of check groups");
                return new EnvironmentConfig(name, Map.of(), List.of());
            }
            return EnvironmentsFileParser.this.parseEnvironment(name, body, interval, timeout, baseDir, all, envNodes, placeholders);
        }
    }

    private EnvironmentConfig parseEnvironment(String name, ConfigNode env, Duration interval, Duration timeout, Path baseDir,
                                               Set<String> names, Map<String, ConfigNode> envNodes, Placeholders placeholders) {
        Set<String> allowed = new HashSet<>(groups.keySet());
        allowed.addAll(Set.of("labels", "interval", "timeout"));
        env.allowOnly(allowed);
        Duration envInterval = env.duration("interval", interval);
        Duration envTimeout = env.duration("timeout", timeout);
        Map<String, String> labels = env.stringMap("labels");
        List<CheckDefinition> checks = new ArrayList<>();
        for (CheckGroupParser parser : groups.values()) {
            Optional<ConfigNode> group = env.object(parser.configKey(), false);
            if (group.isEmpty()) {
                continue;
            }
            GroupContext context = new Context(name, baseDir, envInterval, envTimeout, names, peer -> {
                ConfigNode peerEnv = envNodes.get(peer);
                if (peerEnv == null || !peerEnv.isObject() || !peerEnv.has(parser.configKey())) {
                    return Optional.empty();
                }
                JsonNode raw = peerEnv.rawChild(parser.configKey());
                if (!raw.isObject()) {
                    return Optional.empty();
                }
                return Optional.of(new ConfigNode(raw, "environments." + peer + "." + parser.configKey(),
                        new ConfigNode.Problems(), placeholders));
            }, key -> {
                JsonNode raw = env.rawChild(key);
                return raw == null || !raw.isObject() ? Optional.<ConfigNode>empty()
                        : Optional.of(new ConfigNode(raw, env.pathOf(key), new ConfigNode.Problems(), placeholders));
            });
            List<CheckDefinition> parsed = parser.parse(group.get().without(OptionalChecks.KEY), context);
            for (CheckDefinition check : OptionalChecks.apply(group.get(), parsed)) {
                if (checks.stream().anyMatch(c -> c.id().equals(check.id()))) {
                    group.get().error(null, "defines check " + check.id() + " twice");
                } else {
                    checks.add(check);
                }
            }
        }
        if (checks.isEmpty()) {
            env.error(null, "defines no checks (add one of: " + String.join(", ", groups.keySet()) + ")");
        }
        return new EnvironmentConfig(name, Map.copyOf(labels), List.copyOf(checks));
    }

    static void collectSecrets(Collection<EnvironmentConfig> environments, List<Secret> out) {
        for (EnvironmentConfig env : environments) {
            for (CheckDefinition check : env.checks()) {
                if (check.settings() instanceof HasSecrets s) {
                    s.secrets().stream().filter(x -> !x.isEmpty()).forEach(x -> {
                        out.add(x);
                        out.addAll(SecretParts.of(x.reveal()));
                    });
                }
            }
        }
    }

    private record Context(String environment, Path baseDir, Duration defaultInterval, Duration defaultTimeout,
                           Set<String> environmentNames, Function<String, Optional<ConfigNode>> peers,
                           Function<String, Optional<ConfigNode>> siblings) implements GroupContext {
        @Override
        public Optional<ConfigNode> peerGroup(String env) {
            return peers.apply(env);
        }

        @Override
        public Optional<ConfigNode> sibling(String configKey) {
            return siblings.apply(configKey);
        }
    }
}
