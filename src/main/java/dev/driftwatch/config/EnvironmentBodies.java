package dev.driftwatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a {@code discover:} template into environments: an ordinary environment body with {@code ${discovered.*}}
 * placeholders, checked when the file is read (every field set to {@value #SAMPLE}) and expanded per target found.
 */
public final class EnvironmentBodies {
    /** What every {@code ${discovered.*}} stands for while the file's template is checked. */
    public static final String SAMPLE = "sample";

    private final EnvironmentsFileParser.FileState file;

    EnvironmentBodies(EnvironmentsFileParser.FileState file) {
        this.file = file;
    }

    /**
     * A source's template.
     *
     * @param source the source's name
     * @param name   the environment name template ({@code preview-${discovered.branch}})
     * @param body   the environment body, placeholders not yet expanded
     */
    public record Template(String source, String name, JsonNode body) {
    }

    /**
     * A target's environment, or why it has none.
     *
     * @param environment null when {@code errors} is not empty
     * @param secrets     every credential of the environment (the target's, the URLs', the checks')
     */
    public record Expansion(EnvironmentConfig environment, List<Secret> secrets, List<String> errors) {
    }

    /** The names the file lists itself. */
    public Set<String> fileEnvironments() {
        return file.names();
    }

    /**
     * Reads {@code environment} (default {@code <source>-${discovered.branch}}) and {@code template} of a source entry,
     * checking the body as an environment with every {@code ${discovered.*}} set to {@value #SAMPLE}; problems are
     * recorded on {@code source} with the template's paths ({@code discover.previews.template.schema.url}).
     */
    public Optional<Template> template(String name, ConfigNode source) {
        String nameTemplate = "${discovered.branch}";
        if (source.has("environment")) {
            JsonNode raw = source.rawChild("environment");
            if (!raw.isValueNode()) {
                source.error("environment", "must be a string");
                return Optional.empty();
            }
            nameTemplate = raw.asText();
        } else {
            nameTemplate = name + "-" + nameTemplate;
        }
        try {
            new Placeholders(file.environment(), file.baseDir(), f -> SAMPLE).expand(nameTemplate);
        } catch (IllegalArgumentException e) {
            source.error("environment", e.getMessage());
            return Optional.empty();
        }
        Optional<ConfigNode> body = source.object("template", true);
        if (body.isEmpty()) {
            return Optional.empty();
        }
        Placeholders samples = new Placeholders(file.environment(), file.baseDir(), f -> SAMPLE);
        ConfigNode checked = new ConfigNode(source.rawChild("template"), body.get().path(), file.problems(), samples);
        file.parseEnvironment(SAMPLE, checked, samples);
        return Optional.of(new Template(name, nameTemplate, source.rawChild("template")));
    }

    /** The environment name a target gives, before sanitising; throws IllegalArgumentException naming a missing field. */
    public String name(Template template, Map<String, String> fields) {
        return new Placeholders(file.environment(), file.baseDir(), fields::get).expand(template.name());
    }

    /** Expands and validates {@code template} for one target; the errors never carry a secret. */
    public Expansion expand(Template template, String name, Map<String, String> fields, Map<String, Secret> secrets) {
        Function<String, String> lookup = f -> secrets.containsKey(f) ? secrets.get(f).reveal() : fields.get(f);
        Placeholders placeholders = new Placeholders(file.environment(), file.baseDir(), lookup);
        ConfigNode.Problems problems = new ConfigNode.Problems();
        ConfigNode body = new ConfigNode(template.body(), "discover." + template.source() + ".template", problems, placeholders);
        List<Secret> all = new ArrayList<>();
        secrets.values().stream().filter(s -> !s.isEmpty()).forEach(s -> {
            all.add(s);
            all.addAll(SecretParts.of(s.reveal()));
        });
        EnvironmentConfig env;
        try {
            env = file.parseEnvironment(name, body, placeholders);
            problems.throwIfAny();
        } catch (ConfigException e) {
            all.addAll(placeholders.urlCredentials());
            Redactor redactor = new Redactor(all);
            return new Expansion(null, List.copyOf(all), e.errors().stream().map(redactor::scrub).toList());
        }
        Map<String, String> labels = new LinkedHashMap<>(fields);
        labels.putAll(env.labels());
        EnvironmentConfig discovered = new EnvironmentConfig(name, Map.copyOf(labels), env.checks(), template.source());
        EnvironmentsFileParser.collectSecrets(List.of(discovered), all);
        all.addAll(placeholders.urlCredentials());
        return new Expansion(discovered, List.copyOf(new LinkedHashSet<>(all)), List.of());
    }
}
