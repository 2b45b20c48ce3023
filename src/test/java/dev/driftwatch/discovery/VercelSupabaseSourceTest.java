package dev.driftwatch.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftwatch.config.ConfigNode;
import dev.driftwatch.config.TestNodes;
import dev.driftwatch.fixtures.SupabaseApiFixture;
import dev.driftwatch.fixtures.VercelApiFixture;
import dev.driftwatch.platform.http.JsonGet;
import dev.driftwatch.platform.supabase.SupabaseApi;
import dev.driftwatch.platform.vercel.VercelDeployments;
import dev.driftwatch.testsupport.PostgresServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The preview source against Vercel's and Supabase's APIs on loopback: one target per git branch (the newest READY
 * preview deployment, the branch's database, or both joined), across pages, and every failure a
 * {@link DiscoveryException} that names the endpoint and holds no token or password.
 */
class VercelSupabaseSourceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String VERCEL_TOKEN = "vercel-token-" + UUID.randomUUID();
    private static final String SUPABASE_TOKEN = "sbp_" + UUID.randomUUID().toString().replace("-", "");
    private static final String REF = "abcdefghijklmnopqrst";
    private static final String PROJECT = "prj_previews";
    private static final String TEAM = "team_previews";

    private final JsonGet http = new JsonGet();
    private final VercelSupabaseSourceType type = new VercelSupabaseSourceType(new VercelDeployments(http), new SupabaseApi(http));
    private VercelApiFixture vercel;
    private SupabaseApiFixture supabase;
    private String password;

    @BeforeEach
    void start() {
        vercel = new VercelApiFixture(VERCEL_TOKEN).project(PROJECT, TEAM).deploymentPageSize(2);
        supabase = new SupabaseApiFixture(SUPABASE_TOKEN, REF);
        password = "db-pass-" + UUID.randomUUID();
    }

    @AfterEach
    void stop() {
        vercel.close();
        supabase.close();
    }

    private DiscoverySource source(boolean withVercel, boolean withSupabase, String extraVercel) {
        StringBuilder yaml = new StringBuilder("previews:\n");
        if (withVercel) {
            yaml.append("  vercel: {token: \"${VERCEL_TOKEN}\", project: ").append(PROJECT).append(", team: ").append(TEAM)
                    .append(", baseUrl: \"").append(vercel.baseUrl()).append("\"").append(extraVercel).append("}\n");
        }
        if (withSupabase) {
            yaml.append("  supabase: {token: \"${SUPABASE_ACCESS_TOKEN}\", project: ").append(REF).append(", interval: 20s, baseUrl: \"")
                    .append(supabase.baseUrl()).append("\"}\n");
        }
        ConfigNode.Problems problems = new ConfigNode.Problems();
        ConfigNode root = TestNodes.of(yaml.toString(), "discover", problems,
                Map.of("VERCEL_TOKEN", VERCEL_TOKEN, "SUPABASE_ACCESS_TOKEN", SUPABASE_TOKEN));
        DiscoverySource source = type.parse(root.object("previews", true).orElseThrow());
        problems.throwIfAny();
        assertThat(source).isNotNull();
        return source;
    }

    private static Map<String, String> byBranch(List<DiscoveredTarget> targets, String branch) {
        return targets.stream().filter(t -> branch.equals(t.fields().get("branch"))).findFirst().orElseThrow().fields();
    }

    @Test
    void vercelListsTheNewestReadyPreviewOfEachBranchAcrossPages() throws Exception {
        long t = System.currentTimeMillis() - 60_000;
        vercel.listed(PROJECT, "dpl_a1", "app-a1.vercel.app", "feature-a", "a1", t, "READY", null)
                .listed(PROJECT, "dpl_b1", "app-b1.vercel.app", "feature-b", "b1", t + 1000, "READY", null)
                .listed(PROJECT, "dpl_a2", "app-a2.vercel.app", "feature-a", "a2", t + 2000, "READY", null)
                .listed(PROJECT, "dpl_a3", "app-a3.vercel.app", "feature-a", "a3", t + 3000, "ERROR", null)
                .listed(PROJECT, "dpl_c1", "app-c1.vercel.app", "feature-c", "c1", t + 4000, "BUILDING", null)
                .listed(PROJECT, "dpl_prod", "app.vercel.app", "main", "p1", t + 5000, "READY", "production")
                .listed(PROJECT, "dpl_cli", "app-cli.vercel.app", null, null, t + 6000, "READY", null)
                .listed(PROJECT, "dpl_old", "app-old.vercel.app", "ancient", "o1", t - Duration.ofDays(40).toMillis(), "READY", null);
        try (DiscoverySource source = source(true, false, "")) {
            List<DiscoveredTarget> targets = source.discover(TIMEOUT);
            assertThat(targets).extracting(d -> d.fields().get("branch")).containsExactly("feature-a", "feature-b");
            assertThat(byBranch(targets, "feature-a")).containsEntry("url", "app-a2.vercel.app").containsEntry("deployment", "dpl_a2")
                    .containsEntry("commit", "a2").containsEntry("vercel_created", Long.toString(t + 2000));
            assertThat(targets).allSatisfy(d -> assertThat(d.secrets()).isEmpty());
            assertThat(source.interval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(source.secrets()).extracting(s -> s.reveal()).containsExactly(VERCEL_TOKEN);
        }
        // 4 READY previews within 30 days, 2 a page: the third page reaches past the horizon and ends the list
        assertThat(vercel.deploymentListRequests()).isEqualTo(3);
    }

    @Test
    void supabaseListsEveryPreviewBranchWithADatabaseButNotProduction() throws Exception {
        supabase.addBranch("feature-a", "db.brancha.supabase.co", 6543, "postgres", password);
        supabase.addBranch("creating", "db.c.supabase.co", 5432, "postgres", "p2");
        supabase.status("creating", "CREATING_PROJECT", "COMING_UP");
        supabase.addBranch("paused", "db.p.supabase.co", 5432, "postgres", "p3");
        supabase.status("paused", "MIGRATIONS_PASSED", "INACTIVE");
        supabase.addBranch("broken", "db.b.supabase.co", 5432, "postgres", "p4");
        supabase.status("broken", "MIGRATIONS_FAILED", "ACTIVE_UNHEALTHY");
        try (DiscoverySource source = source(false, true, "")) {
            List<DiscoveredTarget> targets = source.discover(TIMEOUT);
            assertThat(targets).extracting(d -> d.fields().get("branch")).containsExactly("broken", "feature-a");
            DiscoveredTarget a = targets.get(1);
            assertThat(a.fields()).containsEntry("db_host", "db.brancha.supabase.co").containsEntry("db_port", "6543")
                    .containsEntry("db_user", "postgres").containsEntry("supabase_status", "ACTIVE_HEALTHY")
                    .containsKey("branch_ref").doesNotContainKey("db_password");
            assertThat(a.secrets().get("db_password").reveal()).isEqualTo(password);
            assertThat(a.toString()).doesNotContain(password).doesNotContain("jwt-secret");
            assertThat(byBranch(targets, "broken")).containsEntry("supabase_status", "ACTIVE_UNHEALTHY");
            assertThat(source.interval()).isEqualTo(Duration.ofSeconds(20));
        }
    }

    @Test
    void withBothAPreviewIsABranchPresentInBoth() throws Exception {
        vercel.preview(PROJECT, "dpl_a", "app-a.vercel.app", "feature-a", "sha-a")
                .preview(PROJECT, "dpl_b", "app-b.vercel.app", "feature-b", "sha-b");
        supabase.addBranch("feature-a", "127.0.0.1", 6543, "postgres", password);
        supabase.addBranch("feature-c", "127.0.0.1", 6544, "postgres", "other");
        try (DiscoverySource source = source(true, true, ", interval: 45s")) {
            List<DiscoveredTarget> targets = source.discover(TIMEOUT);
            assertThat(targets).hasSize(1);
            assertThat(targets.get(0).fields()).containsEntry("branch", "feature-a").containsEntry("url", "app-a.vercel.app")
                    .containsEntry("commit", "sha-a").containsEntry("db_host", "127.0.0.1").containsEntry("db_port", "6543");
            assertThat(targets.get(0).secrets()).containsOnlyKeys("db_password");
            assertThat(source.interval()).isEqualTo(Duration.ofSeconds(20));
            assertThat(source.secrets()).hasSize(2);
        }
    }

    @Test
    void aBranchWithoutGitBranchIsKnownByItsName() throws Exception {
        supabase.put(new SupabaseApiFixture.BranchState(UUID.randomUUID().toString(), "staging-copy", "brxxxxxxxxxxxxxxxxxx",
                null, false, "MIGRATIONS_PASSED", "db.s.supabase.co", 5432, null, null, "ACTIVE_HEALTHY"));
        try (DiscoverySource source = source(false, true, "")) {
            DiscoveredTarget t = source.discover(TIMEOUT).get(0);
            assertThat(t.fields()).containsEntry("branch", "staging-copy").doesNotContainKey("db_user");
            assertThat(t.secrets()).isEmpty();
        }
    }

    private void assertFails(DiscoverySource source, String... parts) {
        assertThatThrownBy(() -> source.discover(TIMEOUT)).isInstanceOf(DiscoveryException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(parts).doesNotContain(VERCEL_TOKEN)
                        .doesNotContain(SUPABASE_TOKEN).doesNotContain(password));
    }

    @Test
    void everyVercelFailureIsADiscoveryExceptionNamingTheEndpoint() {
        vercel.preview(PROJECT, "dpl_a", "app-a.vercel.app", "feature-a", "sha-a");
        try (DiscoverySource source = source(true, false, "")) {
            for (int status : List.of(401, 403, 429, 500)) {
                vercel.force(PROJECT, status);
                assertFails(source, "Vercel answered " + status, "GET /v6/deployments?projectId=" + PROJECT);
            }
            vercel.force(PROJECT, 429);
            assertFails(source, "rate limited, retry after 60s");
            vercel.force(PROJECT, 0);
        }
        try (DiscoverySource wrongToken = sourceWithVercelToken("not-the-token-" + UUID.randomUUID())) {
            assertFails(wrongToken, "Vercel answered 403 forbidden");
        }
    }

    private DiscoverySource sourceWithVercelToken(String token) {
        ConfigNode.Problems problems = new ConfigNode.Problems();
        DiscoverySource s = type.parse(TestNodes.of("vercel: {token: " + token + ", project: " + PROJECT + ", team: " + TEAM
                + ", baseUrl: \"" + vercel.baseUrl() + "\"}", "discover.previews", problems, Map.of()));
        problems.throwIfAny();
        return s;
    }

    @Test
    void aLoopingOrEndlessPaginationEndsWithAnError() {
        long t = System.currentTimeMillis() - 600_000;
        for (int i = 0; i < 6; i++) {
            vercel.listed(PROJECT, "dpl_" + i, "app-" + i + ".vercel.app", "b" + i, "s" + i, t + i * 1000L, "READY", null);
        }
        try (DiscoverySource source = source(true, false, "")) {
            vercel.loopingNext(true);
            assertFails(source, "does not move back in time");
            vercel.loopingNext(false);
            vercel.deploymentPageSize(1);
            for (int i = 6; i < 25; i++) {
                vercel.listed(PROJECT, "dpl_" + i, "app-" + i + ".vercel.app", "b" + i, "s" + i, t + i * 1000L, "READY", null);
            }
            assertFails(source, "more than 2000 READY preview deployments");
        }
    }

    @Test
    void everySupabaseFailureIsADiscoveryExceptionNamingTheEndpoint() {
        supabase.addBranch("feature-a", "127.0.0.1", 6543, "postgres", password);
        try (DiscoverySource source = source(false, true, "")) {
            for (int status : List.of(401, 403, 429, 500)) {
                supabase.force(status);
                assertFails(source, "Supabase answered " + status + " to GET /v1/projects/" + REF + "/branches");
            }
            supabase.force(0);
            supabase.forceDetail(500);
            assertFails(source, "Supabase answered 500 to GET /v1/branches/", "Failed to retrieve database branch");
            supabase.forceDetail(0);
            supabase.mode(SupabaseApiFixture.Mode.MALFORMED);
            assertFails(source, "Supabase answered GET /v1/projects/" + REF + "/branches with a body that is not JSON");
            supabase.mode(SupabaseApiFixture.Mode.OVERSIZED);
            assertFails(source, "is larger than 4 MiB");
        }
    }

    @Test
    void aClosedPortIsADiscoveryException() throws IOException {
        int port = PostgresServer.freePort();
        ConfigNode.Problems problems = new ConfigNode.Problems();
        DiscoverySource source = type.parse(TestNodes.of("supabase: {token: t0ken-abcdef-0123456789, project: " + REF
                + ", baseUrl: \"http://127.0.0.1:" + port + "\"}", "discover.previews", problems, Map.of()));
        problems.throwIfAny();
        assertThatThrownBy(() -> source.discover(TIMEOUT)).isInstanceOf(DiscoveryException.class)
                .hasMessage("Supabase Management API GET /v1/projects/" + REF + "/branches: cannot connect to 127.0.0.1:"
                        + port);
    }

    @Test
    void entryErrorsNameTheKeyAndMakeNoSource() {
        assertThat(errors("{}")).containsExactly("discover.previews: needs vercel or supabase (or both)");
        assertThat(errors("{vercel: {project: p, colour: red}}")).containsExactlyInAnyOrder(
                "discover.previews.vercel.colour: unknown key (expected one of baseUrl, interval, maxAge, project, team, token)",
                "discover.previews.vercel.token: required");
        assertThat(errors("{supabase: {token: t, project: \"../v1/x\", interval: soon, baseUrl: \"ftp://x\"}}")).containsExactlyInAnyOrder(
                "discover.previews.supabase.project: must be a project ref (letters, digits, '-'), as in https://<ref>.supabase.co",
                "discover.previews.supabase.interval: not a duration such as 500ms, 30s, 5m or 1h",
                "discover.previews.supabase.baseUrl: must be an http:// or https:// URL without credentials, query or fragment");
        assertThat(errors("{supabase: [a]}")).containsExactly("discover.previews.supabase: must be a mapping");
    }

    private List<String> errors(String yaml) {
        ConfigNode.Problems problems = new ConfigNode.Problems();
        DiscoverySource source = type.parse(TestNodes.of(yaml, "discover.previews", problems, Map.of()));
        assertThat(source).isNull();
        try {
            problems.throwIfAny();
        } catch (dev.driftwatch.config.ConfigException e) {
            return e.errors();
        }
        return List.of();
    }
}
