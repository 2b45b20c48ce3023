package dev.driftwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.EnvironmentsFileParser;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.config.Secret;
import dev.driftwatch.provider.ProviderKinds;
import dev.driftwatch.testsupport.Command;
import dev.driftwatch.testsupport.ParsingGroups;
import dev.driftwatch.testsupport.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/kubernetes: every manifest parsed, and the pieces that must agree with each other and with the code do. */
class KubernetesManifestsTest {
    private static final Path DIR = PostgresServer.PROJECT.resolve("deploy/kubernetes");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** Every document of every manifest, by kind (one of each kind is expected). */
    private static Map<String, JsonNode> documents() throws IOException {
        Map<String, JsonNode> byKind = new HashMap<>();
        for (Path file : manifestFiles()) {
            try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                for (JsonNode doc : docs.readAll()) {
                    assertThat(doc.path("apiVersion").asText()).as(file + " apiVersion").isNotBlank();
                    assertThat(byKind.put(doc.path("kind").asText(), doc)).as(file + ": one " + doc.path("kind")).isNull();
                }
            }
        }
        return byKind;
    }

    private static List<Path> manifestFiles() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static JsonNode container(Map<String, JsonNode> docs) {
        JsonNode containers = docs.get("Deployment").path("spec").path("template").path("spec").path("containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText(null)));
        return env;
    }

    @Test
    void theKustomizationListsEveryManifestAndEveryKindIsThere() throws IOException {
        Map<String, JsonNode> docs = documents();
        assertThat(docs.keySet()).containsExactlyInAnyOrder("Kustomization", "Namespace", "ConfigMap", "PersistentVolumeClaim",
                "Deployment", "Service", "ServiceMonitor", "PrometheusRule");
        Set<String> listed = new TreeSet<>();
        docs.get("Kustomization").path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> files = new TreeSet<>();
        manifestFiles().forEach(f -> files.add(f.getFileName().toString()));
        files.remove("kustomization.yaml");
        assertThat(listed).isEqualTo(files);
    }

    @Test
    void secretsAreReferencedByNameAndNeverWritten() throws IOException {
        Map<String, JsonNode> docs = documents();
        assertThat(docs).doesNotContainKey("Secret");
        JsonNode c = container(docs);
        assertThat(c.path("envFrom").findValuesAsText("name")).containsExactly("driftwatch-secrets");
        c.path("env").forEach(e -> assertThat(e.path("name").asText()).as("literal env values carry no secrets")
                .doesNotContainIgnoringCase("password").doesNotContainIgnoringCase("token").doesNotContainIgnoringCase("key"));
    }

    @Test
    void probesPortsAndSelectorsAgree() throws IOException {
        Map<String, JsonNode> docs = documents();
        JsonNode c = container(docs);
        assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
        assertThat(c.path("startupProbe").path("httpGet").path("path").asText()).startsWith("/q/health/");
        JsonNode port = c.path("ports").get(0);
        String portName = port.path("name").asText();
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(c.path(probe).path("httpGet").path("port").asText()).as(probe + " port").isEqualTo(portName);
        }
        assertThat(port.path("containerPort").asInt()).isEqualTo(9464);
        assertThat(env(c)).containsEntry("DRIFTWATCH_PORT", Integer.toString(port.path("containerPort").asInt()));

        JsonNode service = docs.get("Service");
        JsonNode servicePort = service.path("spec").path("ports").get(0);
        assertThat(servicePort.path("targetPort").asText()).isIn(portName, port.path("containerPort").asText());
        JsonNode podLabels = docs.get("Deployment").path("spec").path("template").path("metadata").path("labels");
        service.path("spec").path("selector").fields().forEachRemaining(s ->
                assertThat(podLabels.path(s.getKey()).asText()).as("Service selector " + s.getKey()).isEqualTo(s.getValue().asText()));
        docs.get("Deployment").path("spec").path("selector").path("matchLabels").fields().forEachRemaining(s ->
                assertThat(podLabels.path(s.getKey()).asText()).as("Deployment selector " + s.getKey()).isEqualTo(s.getValue().asText()));

        JsonNode monitor = docs.get("ServiceMonitor");
        JsonNode serviceLabels = service.path("metadata").path("labels");
        monitor.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(s ->
                assertThat(serviceLabels.path(s.getKey()).asText()).as("ServiceMonitor selector " + s.getKey()).isEqualTo(s.getValue().asText()));
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertThat(endpoint.path("port").asText()).isEqualTo(servicePort.path("name").asText());
        assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
        // The Prometheus Operator names the job after the Service: DriftwatchDown selects it.
        assertThat(Files.readString(PostgresServer.PROJECT.resolve("alerts/driftwatch.rules.yml")))
                .contains("driftwatch_build_info{job=\"" + service.path("metadata").path("name").asText() + "\"}");
    }

    @Test
    void theContainerRunsAsNonRootWithAReadOnlyRootAndWritableStateAndTmp() throws IOException {
        Map<String, JsonNode> docs = documents();
        JsonNode pod = docs.get("Deployment").path("spec").path("template").path("spec");
        JsonNode c = container(docs);
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("securityContext").path("runAsUser").asInt()).isPositive();
        assertThat(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        Map<String, String> mounts = new HashMap<>();
        c.path("volumeMounts").forEach(m -> mounts.put(m.path("mountPath").asText(), m.path("name").asText()));
        assertThat(mounts).containsKey("/tmp").containsEntry(env(c).get("DRIFTWATCH_DATA_DIR"), "data");
        JsonNode data = volume(pod, "data");
        assertThat(data.path("persistentVolumeClaim").path("claimName").asText())
                .isEqualTo(docs.get("PersistentVolumeClaim").path("metadata").path("name").asText());
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    @Test
    void theConfigMapHoldsAValidEnvironmentsFileWhereTheDeploymentReadsIt(@TempDir Path dir) throws IOException {
        Map<String, JsonNode> docs = documents();
        JsonNode c = container(docs);
        Path configPath = Path.of(env(c).get("DRIFTWATCH_CONFIG"));
        String mountVolume = null;
        for (JsonNode m : c.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals(configPath.getParent().toString())) {
                mountVolume = m.path("name").asText();
            }
        }
        assertThat(mountVolume).as("a volume mounted at " + configPath.getParent()).isNotNull();
        JsonNode volume = volume(docs.get("Deployment").path("spec").path("template").path("spec"), mountVolume);
        JsonNode configMap = docs.get("ConfigMap");
        assertThat(volume.path("configMap").path("name").asText()).isEqualTo(configMap.path("metadata").path("name").asText());
        String yaml = configMap.path("data").path(configPath.getFileName().toString()).asText(null);
        assertThat(yaml).as("ConfigMap key " + configPath.getFileName()).isNotNull();

        Map<String, String> environment = new HashMap<>();
        Matcher m = PLACEHOLDER.matcher(yaml);
        while (m.find()) {
            environment.put(m.group(1), "placeholder-" + m.group(1).toLowerCase());
        }
        assertThat(environment).as("secrets come from ${VARIABLES}").isNotEmpty();
        EnvironmentsFileParser parser = new EnvironmentsFileParser(
                List.of(ParsingGroups.schema(), ParsingGroups.ratelimit(), ProviderKinds.forParsing()), environment::get,
                Duration.ofSeconds(30), Duration.ofSeconds(5));
        // the layout of the pod: the file in config/, the app-files ConfigMaps in contracts/ and migrations/ beside it
        Files.createDirectories(dir.resolve("migrations"));
        Files.createDirectories(dir.resolve("contracts"));
        Files.copy(DIR.resolve("app-files/contracts/local.json"), dir.resolve("contracts/local.json"));
        MonitorConfig config = parser.parse(yaml, Files.createDirectories(dir.resolve(configPath.getParent().getFileName().toString())));
        assertThat(config.environments()).containsOnlyKeys("staging", "production");
        assertThat(config.environment("production").orElseThrow().checks()).extracting(CheckDefinition::id)
                .containsExactlyInAnyOrder("schema/public", "migrations/supabase", "ratelimit/upstash", "provider/openai",
                        "provider/anthropic", "provider/openrouter");
        assertThat(config.secrets()).extracting(Secret::fingerprint).as("every placeholder is a secret")
                .containsAll(environment.values().stream().map(Secret::fingerprintOf).toList());
    }

    @Test
    void thePrometheusRuleIsTheGeneratorsOutputFromTheAlertsFile() throws IOException {
        Command.Result generated = Command.run(PostgresServer.PROJECT, Map.of(), Duration.ofSeconds(30),
                List.of("bash", "deploy/kubernetes/generate-prometheusrule.sh"));
        assertThat(generated.ok()).as(generated.output()).isTrue();
        assertThat(Files.readString(DIR.resolve("prometheusrule.yaml")))
                .as("deploy/kubernetes/prometheusrule.yaml is stale: run deploy/kubernetes/generate-prometheusrule.sh > deploy/kubernetes/prometheusrule.yaml")
                .isEqualTo(generated.output());
        JsonNode rule = documents().get("PrometheusRule");
        assertThat(rule.path("spec")).isEqualTo(YAML.readTree(PostgresServer.PROJECT.resolve("alerts/driftwatch.rules.yml").toFile()));
    }

    @Test
    void everyManifestIsInTheNamespaceOfTheKustomization() throws IOException {
        Map<String, JsonNode> docs = documents();
        String namespace = docs.get("Kustomization").path("namespace").asText();
        assertThat(docs.get("Namespace").path("metadata").path("name").asText()).isEqualTo(namespace);
        List<String> wrong = new ArrayList<>();
        docs.forEach((kind, doc) -> {
            if (!Set.of("Kustomization", "Namespace").contains(kind) && !doc.path("metadata").path("namespace").asText().equals(namespace)) {
                wrong.add(kind);
            }
        });
        assertThat(wrong).isEmpty();
    }
}
