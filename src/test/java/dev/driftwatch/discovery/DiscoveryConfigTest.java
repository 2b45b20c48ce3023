package dev.driftwatch.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftwatch.config.ConfigException;
import dev.driftwatch.config.ConfigNode;
import dev.driftwatch.config.EnvironmentBodies;
import dev.driftwatch.config.EnvironmentDiscovery;
import dev.driftwatch.config.EnvironmentsFileParser;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.config.Secret;
import dev.driftwatch.schema.SchemaSettings;
import dev.driftwatch.testsupport.ParsingGroups;
import dev.driftwatch.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The discover: section: validation with paths, template expansion, names, grace and the cap. */
class DiscoveryConfigTest {
    private static final Map<String, String> ENV = Map.of("PREVIEW_DB_PASSWORD", "preview-password-123");

    /** Parses files with discover: through the framework's own section reader. */
    static final class Sections implements EnvironmentDiscovery {
        Plan plan;

        @Override
        public DiscoveryPlan plan(ConfigNode discover, EnvironmentBodies bodies) {
            plan = Plans.parse(discover, bodies, List.of(new HttpSourceType(), new FileSourceType()));
            return plan;
        }

        @Override
        public MonitorConfig environments(DiscoveryPlan plan, Set<String> fileEnvironments) {
            return new MonitorConfig(Map.of(), List.of());
        }

        @Override
        public void run(DiscoveryPlan plan) {
        }
    }

    static final String FILE = """
            environments:
              staging:
                schema: {url: "jdbc:postgresql://staging.example.com:5432/app", user: ro, password: x}
            discover:
              previews:
                http: {url: "https://example.com/sd.json", interval: 30s}
                grace: 2s
                max: 3
                environment: "preview-${discovered.branch}"
                template:
                  schema: {url: "jdbc:postgresql://${discovered.db_host}:5432/${discovered.db}", user: ro, password: "${PREVIEW_DB_PASSWORD}", reference: staging}
            """;

    private final Sections sections = new Sections();

    private EnvironmentsFileParser parser() {
        return new EnvironmentsFileParser(List.of(ParsingGroups.schema()), ENV::get, Duration.ofSeconds(30),
                Duration.ofSeconds(5), sections);
    }

    private static DiscoveredTarget target(String branch, String db) {
        return new DiscoveredTarget(Map.of("branch", branch, "db_host", "127.0.0.1", "db", db, "target", branch + ".example.com"), Map.of());
    }

    @Test
    void theIssuesShapeParsesAndATargetExpandsToAnEnvironment() {
        EnvironmentsFileParser.ParsedFile file = parser().parseFile(FILE, Path.of("."));
        assertThat(file.config().environments()).containsOnlyKeys("staging");
        SourcePlan source = sections.plan.sources().get("previews");
        assertThat(source.type()).isEqualTo("http");
        assertThat(source.grace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(source.source().interval()).isEqualTo(Duration.ofSeconds(30));

        SourceState state = new SourceState("previews");
        assertThat(state.succeeded(List.of(target("Feature/X", "app_x")), source, Instant.now())).isTrue();
        assertThat(state.kept()).containsOnlyKeys("preview-feature-x");
        EnvironmentBodies.Expansion e = state.expand(source, "preview-feature-x", state.kept().get("preview-feature-x"));
        assertThat(e.errors()).isEmpty();
        assertThat(e.environment().discoveredBy()).isEqualTo("previews");
        assertThat(e.environment().labels()).containsEntry("branch", "Feature/X").containsEntry("target", "Feature/X.example.com");
        SchemaSettings settings = (SchemaSettings) e.environment().checks().get(0).settings();
        assertThat(settings.database().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/app_x");
        assertThat(settings.referenceEnvironment()).isEqualTo("staging");
        assertThat(e.secrets()).extracting(Secret::reveal).contains("preview-password-123");
    }

    @Test
    void anUnknownFieldFailsThatEnvironmentOnlyWithTheTemplatePath() {
        parser().parseFile(FILE, Path.of("."));
        SourcePlan source = sections.plan.sources().get("previews");
        SourceState state = new SourceState("previews");
        DiscoveredTarget noDb = new DiscoveredTarget(Map.of("branch", "b1", "db_host", "h"), Map.of());
        state.succeeded(List.of(noDb, target("b2", "d2")), source, Instant.now());
        assertThat(state.expand(source, "preview-b1", noDb).errors())
                .containsExactly("discover.previews.template.schema.url: the source supplies no field 'db' for ${discovered.db}");
        assertThat(state.expand(source, "preview-b2", state.kept().get("preview-b2")).errors()).isEmpty();
    }

    @Test
    void errorsNameTheirPathAndTheTemplateIsCheckedAsAnEnvironmentBody() {
        String bad = """
                environments:
                  staging:
                    schema: {url: "jdbc:postgresql://s:5432/app", password: x}
                discover:
                  previews:
                    http: {url: "ftp://example.com/sd.json", interval: soon}
                    grace: never
                    template:
                      schema: {user: ro}
                  both:
                    http: {url: "https://example.com/"}
                    file: {path: x.json}
                    template: {schema: {url: "jdbc:postgresql://h/d", password: x}}
                  none:
                    template: {schema: {url: "jdbc:postgresql://h/d", password: x}}
                """;
        assertThatThrownBy(() -> parser().parseFile(bad, Path.of(".")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).contains(
                        "discover.previews.http.url: must be an http:// or https:// URL with a host",
                        "discover.previews.http.interval: 'soon' is not a duration such as 500ms, 30s, 5m or 1h",
                        "discover.previews.grace: 'never' is not a duration such as 500ms, 30s, 5m or 1h",
                        "discover.previews.template.schema.url: required",
                        "discover.both: names more than one source type (exactly one of: file, http)",
                        "discover.none: names no source type (exactly one of: file, http)"));
    }

    @Test
    void namesAreSanitisedAndUniqueAndKeepTheirSuffix() {
        assertThat(EnvironmentNames.sanitise("preview-Feature/X")).isEqualTo("preview-feature-x");
        assertThat(EnvironmentNames.sanitise("preview--a__b..c")).isEqualTo("preview-a__b..c");
        assertThat(EnvironmentNames.sanitise("///")).isNull();
        assertThat(EnvironmentNames.sanitise("p-" + "x".repeat(100))).hasSize(63);

        parser().parseFile(FILE, Path.of("."));
        SourcePlan source = sections.plan.sources().get("previews");
        SourceState state = new SourceState("previews");
        Instant now = Instant.now();
        state.succeeded(List.of(target("feature/x", "a"), target("Feature-X", "b")), source, now);
        Set<String> first = state.kept().keySet();
        assertThat(first).hasSize(2).contains("preview-feature-x")
                .allMatch(n -> EnvironmentsFileParser.ENVIRONMENT_NAME.matcher(n).matches());
        state.succeeded(List.of(target("Feature-X", "b"), target("feature/x", "a")), source, now.plusSeconds(1));
        assertThat(state.kept().keySet()).isEqualTo(first);
    }

    @Test
    void aVanishedTargetIsKeptForTheGraceAndTheCapLeavesTheRestOutWithAWarning() {
        parser().parseFile(FILE, Path.of("."));
        SourcePlan source = sections.plan.sources().get("previews");
        SourceState state = new SourceState("previews");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        state.succeeded(List.of(target("a", "a"), target("b", "b")), source, t0);
        assertThat(state.succeeded(List.of(target("a", "a")), source, t0.plusSeconds(1))).isFalse();
        assertThat(state.kept()).containsOnlyKeys("preview-a", "preview-b");
        assertThat(state.succeeded(List.of(target("a", "a")), source, t0.plusSeconds(3))).isTrue();
        assertThat(state.kept()).containsOnlyKeys("preview-a");

        state.failed("GET https://example.com/sd.json: answered HTTP 500 (expected 200)", t0.plusSeconds(10));
        assertThat(state.kept()).containsOnlyKeys("preview-a");

        state.succeeded(List.of(target("a", "a"), target("b", "b"), target("c", "c"), target("d", "d"), target("e", "e")),
                source, t0.plusSeconds(20));
        assertThat(state.kept()).hasSize(3);
        assertThat(state.status(source).problems()).anyMatch(p -> p.startsWith("lists 5 environments, past the cap of 3"));
    }

    @Test
    void aFileSourceReadsJsonOrYamlRelativeToTheEnvironmentsFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("previews.yaml"), """
                - targets: ["https://a.example.com"]
                  labels: {branch: a, db_host: h, db: d}
                """);
        String yaml = FILE.replace("http: {url: \"https://example.com/sd.json\", interval: 30s}", "file: {path: previews.yaml, interval: 1s}");
        parser().parseFile(yaml, dir);
        List<DiscoveredTarget> targets = sections.plan.sources().get("previews").source().discover(Duration.ofSeconds(1));
        assertThat(targets).singleElement().satisfies(t -> assertThat(t.fields())
                .containsEntry("branch", "a").containsEntry("target", "https://a.example.com"));
        Files.writeString(dir.resolve("previews.yaml"), "{not: a list}");
        assertThatThrownBy(() -> sections.plan.sources().get("previews").source().discover(Duration.ofSeconds(1)))
                .isInstanceOf(DiscoveryException.class).hasMessageContaining("must be a list of {targets, labels} groups");
    }

    @Test
    void withoutDiscoveryTheKeyIsUnknownAndAFileEnvironmentCannotUseDiscoveredFields() {
        EnvironmentsFileParser plain = new EnvironmentsFileParser(List.of(ParsingGroups.schema()), ENV::get,
                Duration.ofSeconds(30), Duration.ofSeconds(5));
        assertThatThrownBy(() -> plain.parse(FILE, Path.of("."))).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.errors()).anyMatch(m -> m.startsWith("discover: unknown key")));
        String own = "environments:\n  s:\n    schema: {url: \"jdbc:postgresql://${discovered.db_host}/d\", password: x}\n";
        assertThatThrownBy(() -> parser().parse(own, Path.of("."))).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.errors()).containsExactly(
                        "environments.s.schema.url: '${discovered.db_host}' is only known in a discover: template"));
    }

    @Test
    void theLocalExampleFindsItsPreviewInAFile() throws Exception {
        Path dir = PostgresServer.PROJECT.resolve("config");
        EnvironmentsFileParser local = new EnvironmentsFileParser(List.of(ParsingGroups.schema(), ParsingGroups.ratelimit()),
                ENV::get, Duration.ofSeconds(30), Duration.ofSeconds(5), sections);
        EnvironmentsFileParser.ParsedFile file = local.parseFile(Files.readString(dir.resolve("driftwatch.yaml")), dir);
        assertThat(file.config().environments()).containsOnlyKeys("local");
        SourcePlan source = sections.plan.sources().get("previews");
        SourceState state = new SourceState("previews");
        state.succeeded(source.source().discover(Duration.ofSeconds(1)), source, Instant.now());
        assertThat(state.kept()).containsOnlyKeys("preview-feature-onboarding");
        EnvironmentBodies.Expansion e = state.expand(source, "preview-feature-onboarding", state.kept().get("preview-feature-onboarding"));
        assertThat(e.errors()).isEmpty();
        assertThat(e.environment().labels()).containsEntry("tier", "preview").containsEntry("branch", "feature/onboarding");
        assertThat(((SchemaSettings) e.environment().checks().get(0).settings()).referenceEnvironment()).isEqualTo("local");
    }

    @Test
    void aSecretFieldExpandsAsASecretAndNeverShowsInAnError() {
        String yaml = FILE.replace("password: \"${PREVIEW_DB_PASSWORD}\"", "password: \"${discovered.db_password}\"");
        parser().parseFile(yaml, Path.of("."));
        SourcePlan source = sections.plan.sources().get("previews");
        String password = "branch-db-password-5f2e9c";
        DiscoveredTarget withSecret = new DiscoveredTarget(Map.of("branch", "s", "db_host", "127.0.0.1", "db", "d"),
                Map.of("db_password", new Secret(password)));
        EnvironmentBodies.Expansion e = source.bodies().expand(source.template(), "preview-s", withSecret.fields(), withSecret.secrets());
        assertThat(e.errors()).isEmpty();
        assertThat(((SchemaSettings) e.environment().checks().get(0).settings()).database().password().reveal()).isEqualTo(password);
        assertThat(e.secrets()).extracting(Secret::reveal).contains(password);
        assertThat(e.environment().labels()).doesNotContainKey("db_password").doesNotContainValue(password);

        DiscoveredTarget badHost = new DiscoveredTarget(Map.of("branch", "s", "db_host", password + ":notaport", "db", "d"),
                Map.of("db_password", new Secret(password)));
        EnvironmentBodies.Expansion bad = source.bodies().expand(source.template(), "preview-s", badHost.fields(), badHost.secrets());
        assertThat(String.join("\n", bad.errors())).doesNotContain(password);
    }

    @Test
    void aDiscoveredNameTheFileListsIsLeftToTheFileAndReported() {
        parser().parseFile(FILE.replace("preview-${discovered.branch}", "${discovered.branch}"), Path.of("."));
        SourcePlan source = sections.plan.sources().get("previews");
        DiscoveryService service = new DiscoveryService(null, null, null, null);
        service.state("previews").succeeded(List.of(target("staging", "s"), target("b", "b")), source, Instant.now());
        MonitorConfig found = service.environments(sections.plan, Set.of("staging"));
        assertThat(found.environments()).containsOnlyKeys("b");
        assertThat(service.state("previews").status(source).problems())
                .containsExactly("environment staging: the environments file lists one of that name, the file's is used");
    }
}
