package dev.driftwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.driftwatch.config.Shards;
import dev.driftwatch.testsupport.Command;
import dev.driftwatch.testsupport.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes as {@code kubectl kustomize} renders it (what {@code kubectl apply -k} applies): the Namespace
 * first, the contracts and migrations in ConfigMaps mounted where the environments file looks for them, the image
 * from the {@code images:} override; with the secretGenerator of the comments switched on, the Secret (with the API
 * token and every {@code ${NAME}}) comes after the Namespace and before the Deployment.
 */
class KustomizeRenderTest {
    private static final Path DIR = PostgresServer.PROJECT.resolve("deploy/kubernetes");
    private static final YAMLMapper YAML = new YAMLMapper();

    private static List<JsonNode> render(Path dir) throws IOException {
        // kubectl comes with this project's CI image but is not a Debian package bin/test could install elsewhere
        org.junit.jupiter.api.Assumptions.assumeTrue(Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "kubectl"))), "kubectl is not installed: the rendering is not checked");
        Command.Result r = Command.run(dir, Map.of(), Duration.ofSeconds(60), List.of("kubectl", "kustomize", "."));
        assertThat(r.ok()).as("kubectl kustomize %s:\n%s", dir, r.output()).isTrue();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(r.output())) {
            return docs.readAll();
        }
    }

    private static JsonNode find(List<JsonNode> docs, String kind, String name) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind) && d.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static List<String> kinds(List<JsonNode> docs) {
        return docs.stream().map(d -> d.path("kind").asText()).toList();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    @Test
    void theRenderedManifestsCarryTheContractsAndMigrationsWhereTheEnvironmentsFileReadsThem() throws IOException {
        List<JsonNode> docs = render(DIR);
        assertThat(kinds(docs).get(0)).isEqualTo("Namespace");
        docs.stream().filter(d -> !d.path("kind").asText().equals("Namespace"))
                .forEach(d -> assertThat(d.path("metadata").path("namespace").asText()).as(d.path("kind").asText()).isEqualTo("driftwatch"));
        assertThat(kinds(docs).indexOf("Deployment")).isGreaterThan(kinds(docs).lastIndexOf("ConfigMap"));

        JsonNode contracts = find(docs, "ConfigMap", "driftwatch-contracts").path("data");
        assertThat(contracts.path("local.json").asText()).isEqualTo(Files.readString(PostgresServer.PROJECT.resolve("config/contracts/local.json")));
        JsonNode migrations = find(docs, "ConfigMap", "driftwatch-migrations").path("data");
        TreeSet<String> keys = new TreeSet<>();
        migrations.fieldNames().forEachRemaining(keys::add);
        try (Stream<Path> files = Files.list(PostgresServer.MIGRATIONS)) {
            assertThat(keys).isEqualTo(new TreeSet<>(files.map(p -> p.getFileName().toString()).toList()));
        }

        JsonNode pod = find(docs, "Deployment", "driftwatch").path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        assertThat(container.path("image").asText()).as("the images: override").isEqualTo("registry.example.com/platform/driftwatch:0.1.0");
        Map<String, String> mounts = new TreeMap<>();
        container.path("volumeMounts").forEach(m -> mounts.put(m.path("name").asText(), m.path("mountPath").asText()));
        Map<String, String> configMaps = new TreeMap<>();
        pod.path("volumes").forEach(v -> configMaps.put(v.path("name").asText(), v.path("configMap").path("name").asText()));
        String configFile = null;
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals("DRIFTWATCH_CONFIG")) {
                configFile = e.path("value").asText();
            }
        }
        Path configDir = Path.of(mounts.get("config"));
        assertThat(configDir.resolve("driftwatch.yaml").toString()).isEqualTo(configFile);
        String environments = find(docs, "ConfigMap", configMaps.get("config")).path("data").path("driftwatch.yaml").asText();
        Matcher paths = Pattern.compile("(contract|migrations): (\\S+)").matcher(environments.replaceAll("(?m)\\s*#.*$", ""));
        List<String> resolved = new ArrayList<>();
        while (paths.find()) {
            Path p = configDir.resolve(paths.group(2)).normalize();
            String volume = paths.group(1).equals("contract") ? "contracts" : "migrations";
            assertThat(p.startsWith(mounts.get(volume))).as(paths.group() + " -> " + p + " inside the " + volume + " mount").isTrue();
            assertThat(configMaps.get(volume)).isEqualTo("driftwatch-" + volume);
            if (volume.equals("contracts")) {
                assertThat(contracts.has(p.getFileName().toString())).as(p + " is in the ConfigMap").isTrue();
            }
            resolved.add(paths.group(1));
        }
        assertThat(resolved).contains("contract", "migrations");
    }

    @Test
    void theAppFilesAreTheSyncScriptsCopyOfTheApplicationsContractsAndMigrations(@TempDir Path dir) throws IOException {
        Files.copy(DIR.resolve("sync-app-files.sh"), dir.resolve("sync-app-files.sh"));
        Command.Result r = Command.run(PostgresServer.PROJECT, Map.of(), Duration.ofSeconds(30), List.of("bash",
                dir.resolve("sync-app-files.sh").toString(), "config/contracts", "config/supabase/migrations"));
        assertThat(r.ok()).as(r.output()).isTrue();
        try (Stream<Path> generated = Files.walk(dir.resolve("app-files"))) {
            for (Path f : generated.filter(Files::isRegularFile).toList()) {
                Path committed = DIR.resolve("app-files").resolve(dir.resolve("app-files").relativize(f).toString());
                assertThat(committed).as("deploy/kubernetes/app-files is stale: run deploy/kubernetes/sync-app-files.sh "
                        + "config/contracts config/supabase/migrations").hasSameBinaryContentAs(f);
            }
        }
        try (Stream<Path> committed = Files.walk(DIR.resolve("app-files"))) {
            assertThat(committed.filter(Files::isRegularFile).count()).as("no file the script would not write")
                    .isEqualTo(countFiles(dir.resolve("app-files")));
        }
    }

    private static long countFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void withTheSecretGeneratorOnTheSecretHasTheTokenAndEveryVariableAndFollowsTheNamespace(@TempDir Path dir) throws IOException {
        copy(DIR, dir);
        Path kustomization = dir.resolve("kustomization.yaml");
        Files.writeString(kustomization, Files.readString(kustomization)
                .replace("# secretGenerator:\n#   - name: driftwatch-secrets\n#     envs: [driftwatch-secrets.env]\n",
                        "secretGenerator:\n  - name: driftwatch-secrets\n    envs: [driftwatch-secrets.env]\n"));
        assertThat(Files.readString(kustomization)).contains("\nsecretGenerator:");
        StringBuilder env = new StringBuilder();
        for (String line : Files.readAllLines(DIR.resolve("secret.example.env"))) {
            if (line.endsWith("=")) {
                env.append(line).append("example-value\n");
            }
        }
        Files.writeString(dir.resolve("driftwatch-secrets.env"), env);

        List<JsonNode> docs = render(dir);
        List<String> kinds = kinds(docs);
        assertThat(kinds.indexOf("Secret")).isGreaterThan(kinds.indexOf("Namespace")).isLessThan(kinds.indexOf("Deployment"));
        TreeSet<String> keys = new TreeSet<>();
        find(docs, "Secret", "driftwatch-secrets").path("data").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).contains("DRIFTWATCH_API_TOKEN");
        Matcher placeholders = Pattern.compile("\\$\\{([A-Z_0-9]+)}")
                .matcher(Files.readString(DIR.resolve("configmap.yaml")).replaceAll("(?m)^\\s*#.*$", ""));
        while (placeholders.find()) {
            assertThat(keys).as("the Secret example lists ${%s}", placeholders.group(1)).contains(placeholders.group(1));
        }
    }

    @Test
    void theShardedVariantIsTheBasePodAsAStatefulSetBehindAHeadlessService() throws IOException {
        List<JsonNode> base = render(DIR);
        List<JsonNode> docs = render(PostgresServer.PROJECT.resolve("deploy/kubernetes-sharded"));
        assertThat(kinds(docs)).doesNotContain("Deployment").contains("StatefulSet");
        assertThat(docs).noneMatch(d -> d.path("kind").asText().equals("PersistentVolumeClaim"));
        assertThat(kinds(docs).get(0)).isEqualTo("Namespace");

        JsonNode set = find(docs, "StatefulSet", "driftwatch").path("spec");
        JsonNode service = find(docs, "Service", set.path("serviceName").asText()).path("spec");
        assertThat(service.path("clusterIP").asText()).as("headless").isEqualTo("None");
        assertThat(service.path("publishNotReadyAddresses").asBoolean()).as("a failing pod stays a scrape target").isTrue();
        set.path("selector").path("matchLabels").fields().forEachRemaining(l ->
                assertThat(service.path("selector").path(l.getKey()).asText()).isEqualTo(l.getValue().asText()));
        find(docs, "ServiceMonitor", "driftwatch").path("spec").path("selector").path("matchLabels").fields().forEachRemaining(l ->
                assertThat(find(docs, "Service", "driftwatch").path("metadata").path("labels").path(l.getKey()).asText())
                        .isEqualTo(l.getValue().asText()));

        JsonNode container = set.path("template").path("spec").path("containers").get(0);
        Map<String, String> env = new TreeMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        int replicas = set.path("replicas").asInt();
        assertThat(replicas).isGreaterThan(1);
        assertThat(env.get("DRIFTWATCH_SHARDS")).as("DRIFTWATCH_SHARDS = replicas").isEqualTo(Integer.toString(replicas));
        assertThat(env).as("the shard comes from the pod's host name, driftwatch-<n>").doesNotContainKey("DRIFTWATCH_SHARD");
        String address = env.get("DRIFTWATCH_SHARD_ADDRESS");
        int port = service.path("ports").get(0).path("port").asInt();
        assertThat(address).isEqualTo("http://" + find(docs, "StatefulSet", "driftwatch").path("metadata").path("name").asText()
                + "-{shard}." + set.path("serviceName").asText() + ":" + port);
        for (int pod = 0; pod < replicas; pod++) {
            Shards shards = Shards.of(replicas, Optional.empty(), Optional.of(address), "driftwatch-" + pod);
            assertThat(shards.index()).isEqualTo(pod);
        }

        // the same pod as the base Deployment's, but for the sharding variables and each pod's own history volume
        ObjectNode pod = set.path("template").deepCopy();
        ObjectNode basePod = find(base, "Deployment", "driftwatch").path("spec").path("template").deepCopy();
        ObjectNode podContainer = (ObjectNode) pod.path("spec").path("containers").get(0);
        podContainer.set("env", YAML.createArrayNode().addAll(java.util.stream.StreamSupport.stream(podContainer.path("env").spliterator(), false)
                .filter(e -> !e.path("name").asText().startsWith("DRIFTWATCH_SHARD")).toList()));
        com.fasterxml.jackson.databind.node.ArrayNode volumes = (com.fasterxml.jackson.databind.node.ArrayNode) basePod.path("spec").path("volumes");
        for (int i = volumes.size() - 1; i >= 0; i--) {
            if (volumes.get(i).path("name").asText().equals("data")) {
                volumes.remove(i);
            }
        }
        assertThat(pod).isEqualTo(basePod);
        assertThat(set.path("volumeClaimTemplates").get(0).path("metadata").path("name").asText()).isEqualTo("data");
        assertThat(pod.path("spec").path("volumes").findValuesAsText("name")).doesNotContain("data");
    }
}
