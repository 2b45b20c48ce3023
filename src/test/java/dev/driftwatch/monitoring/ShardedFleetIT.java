package dev.driftwatch.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftwatch.config.Shards;
import dev.driftwatch.provider.ProviderType;
import dev.driftwatch.testsupport.Await;
import dev.driftwatch.testsupport.Command;
import dev.driftwatch.testsupport.Gates;
import dev.driftwatch.testsupport.JarDaemon;
import dev.driftwatch.testsupport.LoopbackServer;
import dev.driftwatch.testsupport.RedisServer;
import dev.driftwatch.testsupport.providers.FakeProviderServer;
import dev.driftwatch.testsupport.providers.ProviderFixtures.Scenario;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three packaged daemons on loopback as shards 0–2 of one file of 300 environments (docs/sharding.md), each
 * environment with a provider key (a fake OpenAI counting requests per key) and a rate limiter (a private Redis whose
 * MONITOR shows each run's canary identifier under the environment's prefix). The checks run every hour, so each
 * replica runs each of its checks once: a key asked twice, or two canaries under one prefix, would be an environment
 * probed by two replicas. A real Prometheus scrapes the three with alerts/driftwatch.rules.yml loaded.
 */
class ShardedFleetIT {
    private static final int ENVIRONMENTS = 300;
    private static final int SHARDS = 3;
    private static final String TOKEN = "shard-test-token-0123456789";
    private static final Pattern CANARY = Pattern.compile("\"(env-\\d{3}):driftwatch-canary:([0-9a-f]+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    private static String env(int i) {
        return "env-%03d".formatted(i);
    }

    private static String key(int i) {
        return "sk-shard-%03d-0123456789abcdef".formatted(i);
    }

    @Test
    void threeReplicasShareTheFleetAndAnswerForAllOfIt() throws Exception {
        Path dir = Files.createTempDirectory("driftwatch-shards-");
        RedisServer redis = own(RedisServer.start());
        Path monitorLog = dir.resolve("redis-monitor.log");
        Process monitor = new ProcessBuilder("redis-cli", "-p", Integer.toString(redis.port()), "monitor")
                .redirectErrorStream(true).redirectOutput(monitorLog.toFile()).start();
        own(monitor::destroy);
        FakeProviderServer openai = own(FakeProviderServer.start(ProviderType.OPENAI));
        // generous timeouts: each check runs once an hour, so one that timed out on a loaded machine would stay unknown
        StringBuilder config = new StringBuilder("interval: 1h\ntimeout: 60s\nenvironments:\n");
        for (int i = 0; i < ENVIRONMENTS; i++) {
            openai.answer(key(i), Scenario.OK);
            config.append("""
                      %1$s:
                        ratelimit: {redis: "redis://127.0.0.1:%2$d", prefix: "%1$s", timeout: 20s}
                        providers:
                          openai: {key: %3$s, baseUrl: "%4$s"}
                    """.formatted(env(i), redis.port(), key(i), openai.baseUrl()));
        }
        Path file = dir.resolve("driftwatch.yaml");
        Files.writeString(file, config);

        int[] ports = shardPorts();
        String template = "http://127.0.0.1:" + Integer.toString(ports[0]).charAt(0) + "{shard}" + Integer.toString(ports[0]).substring(2);
        Shards shards = Shards.of(SHARDS, Optional.of(0), Optional.of(template), "test");
        List<JarDaemon> replicas = new ArrayList<>();
        for (int s = 0; s < SHARDS; s++) {
            Files.createDirectories(dir.resolve("data-" + s));
            replicas.add(own(JarDaemon.start("shard-" + s, dir, ports[s], Map.of("DRIFTWATCH_CONFIG", file.toString(),
                    "DRIFTWATCH_DATA_DIR", dir.resolve("data-" + s).toString(), "DRIFTWATCH_SHARDS", Integer.toString(SHARDS),
                    "DRIFTWATCH_SHARD", Integer.toString(s), "DRIFTWATCH_SHARD_ADDRESS", template, "DRIFTWATCH_API_TOKEN", TOKEN,
                    "DRIFTWATCH_PROVIDER_MIN_INTERVAL", "1h", "DRIFTWATCH_PROVIDER_MAX_REQUESTS_PER_MINUTE", "1000",
                    "QUARKUS_HTTP_HOST", "127.0.0.1"))));
        }
        assertThat(shards.addressOf(2)).contains(replicas.get(2).url());

        // every replica lists all 300, with a verdict for exactly its own share, and each share passes
        Map<String, Integer> owners = Await.until(Duration.ofSeconds(300), () -> owners(replicas),
                o -> o.size() == ENVIRONMENTS, "every environment passes on exactly one replica").owners();
        IntStream.range(0, ENVIRONMENTS).forEach(i -> assertThat(owners.get(env(i))).as(env(i)).isEqualTo(shards.owner(env(i))));
        for (int s = 0; s < SHARDS; s++) {
            int share = s;
            System.out.printf("shard %d: %d environments, RSS %d MiB%n", s,
                    owners.values().stream().filter(o -> o == share).count(), replicas.get(s).rssKib() / 1024);
        }

        // counted at the targets: each key asked once, one canary run under each prefix
        for (int i = 0; i < ENVIRONMENTS; i++) {
            assertThat(openai.requests(key(i))).as("provider requests for %s", env(i)).isEqualTo(1);
        }
        Map<String, Set<String>> canaries = Await.until(Duration.ofSeconds(30), () -> canaries(monitorLog),
                c -> c.size() == ENVIRONMENTS, "a canary run under every prefix in redis MONITOR");
        canaries.forEach((prefix, ids) -> assertThat(ids).as("limiter canary runs under %s", prefix).hasSize(1));

        // the gate asked on any replica answers for every environment (the owner's verdict, after a 307)
        for (JarDaemon replica : replicas) {
            for (int i = 0; i < ENVIRONMENTS; i++) {
                Gates.Result gate = Gates.inProcess("--url", replica.url(), "--env", env(i));
                assertThat(gate.code()).as("gate for %s asked on %s: %s", env(i), replica.url(), gate.all()).isZero();
            }
        }
        String elsewhere = firstOwnedBy(shards, 2);
        Gates.Result script = Gates.script("--url", replicas.get(0).url(), "--env", elsewhere);
        assertThat(script.code()).as(script.all()).isZero();
        assertThat(script.out()).contains(elsewhere + ": PASS");
        Gates.Result source = Gates.sourceFile("--url", replicas.get(1).url(), "--env", elsewhere);
        assertThat(source.code()).as(source.all()).isZero();

        // a redirect reads no body and needs no token; the owner checks the token
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(replicas.get(0).url() + "/api/v1/environments/"
                + elsewhere + "/probe?checks=provider")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(307);
        assertThat(post.headers().firstValue("Location")).contains(replicas.get(2).url() + "/api/v1/environments/" + elsewhere + "/probe?checks=provider");
        assertThat(get(replicas.get(0).url() + "/api/v1/environments/no-such-env/verdict").statusCode()).isEqualTo(404);
        Command.Result badEscape = Command.run(dir, Map.of(), Duration.ofSeconds(30), List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                replicas.get(0).url() + "/api/v1/environments/%ZZ/verdict"));
        assertThat(badEscape.output()).as("a bad escape in the name, sent as is").matches("4\\d\\d");
        assertThat(get(replicas.get(0).url() + "/environments/" + elsewhere).statusCode()).isEqualTo(307);
        Gates.Result probe = Gates.script("--url", replicas.get(0).url(), "--env", elsewhere, "--probe", "--token", TOKEN);
        assertThat(probe.code()).as(probe.all()).isZero();
        assertThat(probe.err()).contains("probed " + elsewhere + " now");
        Gates.Result probeJava = Gates.inProcess("--url", replicas.get(0).url(), "--env", elsewhere, "--probe", "--token", "wrong-token-0123456789");
        assertThat(probeJava.code()).as(probeJava.all()).isEqualTo(2);
        assertThat(probeJava.all()).contains("probe refused (403)").doesNotContain("wrong-token");

        // a real Prometheus scraping the three sees every environment's verdict once
        LoopbackServer prometheus = own(prometheus(dir, replicas));
        Await.until(Duration.ofSeconds(120), () -> scalar(prometheus, "count(driftwatch_verdict{verdict=\"pass\"} == 1)"),
                v -> v == ENVIRONMENTS, "300 passing verdict series in Prometheus");
        assertThat(scalar(prometheus, "count(count by (environment) (driftwatch_verdict))")).isEqualTo(ENVIRONMENTS);
        assertThat(scalar(prometheus, "max(count by (environment) (driftwatch_verdict{verdict=\"pass\"}))")).isEqualTo(1);
        assertThat(scalar(prometheus, "count(count by (environment, instance) (driftwatch_check_outcome))")).isEqualTo(ENVIRONMENTS);

        // shard 1 stops: its environments' gates answer unknown (exit 2) naming it, never pass; the others still pass
        JarDaemon stopped = replicas.get(1);
        stopped.close();
        for (int i = 0; i < ENVIRONMENTS; i++) {
            JarDaemon asked = replicas.get(i % 2 == 0 ? 0 : 2);
            Gates.Result gate = Gates.inProcess("--url", asked.url(), "--env", env(i));
            if (shards.owner(env(i)) == 1) {
                assertThat(gate.code()).as("%s, owner down, asked on %s: %s", env(i), asked.url(), gate.all()).isEqualTo(2);
                assertThat(gate.err()).contains("driftwatch unreachable at " + stopped.url() + " (the replica that probes " + env(i));
            } else {
                assertThat(gate.code()).as("%s asked on %s: %s", env(i), asked.url(), gate.all()).isZero();
            }
        }
        String orphan = firstOwnedBy(shards, 1);
        Gates.Result down = Gates.script("--url", replicas.get(0).url(), "--env", orphan);
        assertThat(down.code()).as(down.all()).isEqualTo(2);
        assertThat(down.all()).contains("driftwatch unreachable at " + stopped.url() + " (the replica that probes " + orphan).doesNotContain("PASS");
        Await.until(Duration.ofSeconds(120), () -> firingDown(prometheus), i -> i.contains("127.0.0.1:" + stopped.port()),
                "DriftwatchDown firing for the stopped replica");
    }

    @Test
    void aReplicaThatCannotTellItsShardDoesNotStart() throws IOException {
        Path dir = Files.createTempDirectory("driftwatch-noshard-");
        Path file = dir.resolve("driftwatch.yaml");
        Files.writeString(file, "environments: {}\n");
        Command.Result run = Command.run(dir, Map.of("HOSTNAME", "ci-runner", "DRIFTWATCH_SHARDS", "3", "DRIFTWATCH_SHARD", "",
                "DRIFTWATCH_SHARD_ADDRESS", "http://driftwatch-{shard}.driftwatch:9464", "DRIFTWATCH_CONFIG", file.toString(),
                "DRIFTWATCH_DATA_DIR", dir.resolve("data").toString(), "DRIFTWATCH_PORT", "0"), Duration.ofSeconds(120),
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-jar", JarDaemon.JAR.toString()));
        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("cannot start: driftwatch.shard: not set, and the host name 'ci-runner' ends in no -<n> ordinal");
    }

    /** Environment → shard of the passing environments, from each replica's list, and what the others are waiting on. */
    private record Owners(Map<String, Integer> owners, List<String> notPassing) {
        int size() {
            return notPassing.isEmpty() ? owners.size() : -1;
        }

        @Override
        public String toString() {
            return owners.size() + " passing; not yet: " + notPassing.subList(0, Math.min(5, notPassing.size()));
        }
    }

    private static Owners owners(List<JarDaemon> replicas) {
        Map<String, Integer> out = new HashMap<>();
        List<String> notPassing = new ArrayList<>();
        for (int s = 0; s < replicas.size(); s++) {
            JsonNode list = LoopbackServer.getJson(replicas.get(s).port(), "/api/v1/environments").path("environments");
            if (list.size() != ENVIRONMENTS) {
                notPassing.add("shard " + s + " lists " + list.size());
                continue;
            }
            for (JsonNode e : list) {
                assertThat(e.path("shard").isInt()).as("every line names its shard: %s", e).isTrue();
                boolean own = e.path("shard").asInt() == s;
                assertThat(e.has("verdict")).as("a verdict only for the replica's own environments: %s", e).isEqualTo(own);
                assertThat(e.has("ownerUrl")).as(e.toString()).isEqualTo(!own);
                if (own) {
                    if (!"pass".equals(e.path("verdict").asText())) {
                        notPassing.add(e.path("name").asText() + ": " + e.path("verdict").asText() + " " + e.path("reasons"));
                        continue;
                    }
                    assertThat(out.put(e.path("name").asText(), s)).as("one owner for %s", e).isNull();
                }
            }
        }
        return new Owners(out, notPassing);
    }

    private static Map<String, Set<String>> canaries(Path monitorLog) {
        Map<String, Set<String>> out = new HashMap<>();
        try {
            for (String line : Files.readAllLines(monitorLog)) {
                Matcher m = CANARY.matcher(line);
                if (m.find()) {
                    out.computeIfAbsent(m.group(1), p -> new HashSet<>()).add(m.group(2));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static String firstOwnedBy(Shards shards, int shard) {
        return IntStream.range(0, ENVIRONMENTS).mapToObj(ShardedFleetIT::env).filter(e -> shards.owner(e) == shard).findFirst().orElseThrow();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Three ports {@code a0bbb}, {@code a1bbb}, {@code a2bbb}, free on 127.0.0.1: one template addresses all three. */
    private static int[] shardPorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int a = ThreadLocalRandom.current().nextInt(2, 6);
            int b = ThreadLocalRandom.current().nextInt(100, 1000);
            int[] ports = IntStream.range(0, SHARDS).map(s -> a * 10000 + s * 1000 + b).toArray();
            if (IntStream.of(ports).allMatch(ShardedFleetIT::free)) {
                return ports;
            }
        }
        throw new IllegalStateException("no free set of shard ports");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static LoopbackServer prometheus(Path dir, List<JarDaemon> replicas) throws IOException {
        Files.writeString(dir.resolve("driftwatch.rules.yml"), RuleFile.withFor("1s"));
        StringBuilder targets = new StringBuilder();
        for (JarDaemon r : replicas) {
            targets.append("'127.0.0.1:").append(r.port()).append("', ");
        }
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [driftwatch.rules.yml]
                scrape_configs:
                  - job_name: driftwatch
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: [%s]
                """.formatted(targets.substring(0, targets.length() - 2)));
        return LoopbackServer.start("prometheus", dir, port -> List.of("prometheus", "--config.file=prometheus.yml",
                "--storage.tsdb.path=tsdb", "--web.listen-address=127.0.0.1:" + port));
    }

    private static int scalar(LoopbackServer prometheus, String promql) {
        JsonNode result = prometheus.getJson("/api/v1/query", "query", promql).path("data").path("result");
        return result.isEmpty() ? 0 : (int) Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private static Set<String> firingDown(LoopbackServer prometheus) {
        Set<String> instances = new HashSet<>();
        for (JsonNode alert : prometheus.getJson("/api/v1/alerts").path("data").path("alerts")) {
            if ("DriftwatchDown".equals(alert.path("labels").path("alertname").asText()) && "firing".equals(alert.path("state").asText())) {
                instances.add(alert.path("labels").path("instance").asText());
            }
        }
        return instances;
    }
}
