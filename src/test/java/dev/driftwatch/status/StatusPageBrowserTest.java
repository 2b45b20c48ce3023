package dev.driftwatch.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.testsupport.Await;
import dev.driftwatch.testsupport.PostgresServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;

/**
 * The status page in headless Chromium against the running daemon with real PostgreSQL and Redis: every environment
 * listed, drift injected into production's database and repaired (with the fix.sql the page links) while the page
 * refreshes itself, the runbook link,
 * no console error, no serious accessibility violation (axe-core) in light and dark, and a phone-sized layout without
 * sideways scrolling. Screenshots go to target/status-page/.
 */
@QuarkusTest
@WithTestResource(StatusPageResource.class)
class StatusPageBrowserTest {
    /** Several 1 s intervals and refreshes, with room for a loaded machine. */
    private static final Duration SOON = Duration.ofSeconds(60);
    private static final Map<String, String> SETTLED = Map.of("production", "pass", "staging", "pass", "preview", "pass",
            "sandbox", "warn");
    private static Chromium chromium;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void start() {
        chromium = new Chromium();
    }

    @AfterAll
    static void quit() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void everyEnvironmentSettled() {
        Await.until(SOON, StatusPageBrowserTest::verdicts, SETTLED::equals, "every environment observed with its usual verdict");
        chromium.size(1400, 1000);
        chromium.dark(false);
    }

    static Map<String, String> verdicts() {
        List<Map<String, Object>> envs = given().get("/api/v1/environments").then().extract().path("environments");
        return envs.stream().collect(java.util.stream.Collectors.toMap(e -> (String) e.get("name"), e -> (String) e.get("verdict")));
    }

    private static void sql(String statement) throws Exception {
        int port = ConfigProvider.getConfig().getValue("dwtest.pg-port", Integer.class);
        try (Connection c = PostgresServer.connect(port, "prod"); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** Reads the page as it is now; null while the refresh script is swapping the element away. */
    private static <T> T read(Supplier<T> dom) {
        try {
            return dom.get();
        } catch (WebDriverException e) {
            return null;
        }
    }

    private static List<String> rows() {
        return chromium.driver.findElements(By.cssSelector("tr[data-env]")).stream().map(r -> r.getAttribute("data-env")
                + ":" + r.getAttribute("data-verdict")).toList();
    }

    @Test
    void theGridListsEveryEnvironmentWorstFirstReadablyInLightDarkAndOnAPhone() {
        chromium.driver.get(root.toString());
        List<String> rows = Await.until(SOON, () -> read(StatusPageBrowserTest::rows), r -> r != null && r.size() == 4, "four rows");
        assertThat(rows).as("the warning sandbox first, then the passing ones by name")
                .containsExactly("sandbox:warn", "preview:pass", "production:pass", "staging:pass");
        WebElement sandbox = chromium.driver.findElement(By.cssSelector("tr[data-env='sandbox']"));
        assertThat(sandbox.getText()).as("the label is shown as text").contains(StatusPageResource.HOSTILE_LABEL);
        assertThat(sandbox.findElement(By.cssSelector("td[data-check='schema/public']")).getText()).contains("Unknown");
        assertThat(chromium.script("return document.querySelectorAll('img').length")).as("no element from the label").isEqualTo(0L);
        assertThat(chromium.driver.findElements(By.cssSelector("tr[data-env='staging'] td.cell.ok"))).hasSize(2);
        chromium.screenshot("index");
        assertThat(chromium.seriousAccessibilityViolations()).as("axe, light").isEmpty();
        chromium.dark(true);
        chromium.screenshot("index-dark");
        assertThat(chromium.seriousAccessibilityViolations()).as("axe, dark").isEmpty();

        chromium.dark(false);
        chromium.driver.findElement(By.id("q")).sendKeys("tier=prod");
        Await.until(SOON, () -> read(StatusPageBrowserTest::rows), r -> r != null && r.equals(List.of("production:pass")),
                "the filter applies as one types, without a reload");
        assertThat(chromium.driver.getCurrentUrl()).as("the URL follows the filter").endsWith("/?q=tier%3Dprod");
        chromium.driver.get(root.toString());

        chromium.size(390, 844);
        chromium.driver.navigate().refresh();
        Await.until(SOON, () -> read(StatusPageBrowserTest::rows), r -> r != null && r.size() == 4, "four rows on a phone");
        assertThat((Long) chromium.script("return document.documentElement.scrollWidth - window.innerWidth"))
                .as("no sideways scrolling on a phone").isLessThanOrEqualTo(0L);
        chromium.screenshot("index-phone");
        assertThat(chromium.consoleErrors()).as("browser console").isEmpty();
    }

    @Test
    void aDroppedColumnPutsProductionFirstNamingItLinksTheRunbookAndRepairTurnsItBack() throws Exception {
        chromium.driver.get(root.toString());
        Await.until(SOON, () -> read(StatusPageBrowserTest::rows), r -> r != null && r.size() == 4, "four rows");
        sql("ALTER TABLE public.auth_api_keys DROP COLUMN revoked CASCADE");
        String fix = null;
        boolean repaired = false;
        try {
            // no navigation: the page's own refresh brings the change in
            List<String> rows = Await.until(SOON, () -> read(StatusPageBrowserTest::rows),
                    r -> r != null && !r.isEmpty() && r.get(0).equals("production:fail"), "production first, failing");
            assertThat(rows).hasSize(4);
            String cell = Await.until(SOON, () -> read(() -> chromium.driver.findElement(
                    By.cssSelector("tr[data-env='production'] td[data-check='schema/public']")).getText()), t -> t != null, "the cell");
            assertThat(cell).as("the visible text of the cell").contains("Drift").contains("missing column public.auth_api_keys.revoked");
            chromium.screenshot("index-drift");

            chromium.driver.findElement(By.linkText("production")).click();
            Await.until(SOON, () -> chromium.driver.getTitle(), t -> t.startsWith("production: Fail"), "the environment page");
            List<String> runbooks = chromium.driver.findElements(By.cssSelector("section[data-check='schema/public'] a.runbook"))
                    .stream().map(a -> a.getAttribute("href")).toList();
            assertThat(runbooks).singleElement().satisfies(href -> assertThat(href).endsWith("/runbooks/DriftwatchSchemaDrift.md"));
            given().get("/runbooks/DriftwatchSchemaDrift.md").then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("DriftwatchSchemaDrift"));
            String page = chromium.driver.findElement(By.id("content")).getText();
            assertThat(page).contains("HTTP 503, exit 1").contains("missing_column").contains("public.auth_api_keys.revoked")
                    .contains("deploy/ci/gate.sh --url " + root.toString().replaceAll("/$", "") + " --env production");
            assertThat(chromium.driver.findElements(By.cssSelector("a[href='/api/v1/environments/production/schema/fix.sql']"))).hasSize(1);
            fix = given().get("/api/v1/environments/production/schema/fix.sql").then().statusCode(200).extract().asString();
            assertThat(fix).contains("ADD COLUMN revoked");
            chromium.screenshot("environment-drift");
            assertThat(chromium.seriousAccessibilityViolations()).as("axe, environment page, light").isEmpty();
            chromium.dark(true);
            assertThat(chromium.seriousAccessibilityViolations()).as("axe, environment page, dark").isEmpty();
            chromium.dark(false);

            sql(fix); // the page's fix.sql, in one transaction
            repaired = true;
            Await.until(SOON, () -> read(() -> chromium.driver.findElement(By.cssSelector("#content h1")).getText()),
                    t -> t != null && t.contains("Pass"), "the environment page turns back to pass by itself");
            assertThat(chromium.driver.findElements(By.cssSelector("a.runbook"))).isEmpty();
            assertThat(chromium.driver.findElements(By.cssSelector("a[href$='fix.sql']"))).isEmpty();
            String afterRepair = chromium.driver.findElement(By.id("content")).getText();
            assertThat(afterRepair).contains("HTTP 200, exit 0");
            assertThat(afterRepair).as("the transitions").containsPattern("schema/public\\s+Drift\\s*→\\s*✓?\\s*OK")
                    .containsPattern("verdict\\s+Fail\\s*→\\s*✓?\\s*Pass");
            chromium.screenshot("environment-repaired");
            chromium.driver.findElement(By.linkText("← All environments")).click();
            Await.until(SOON, () -> read(StatusPageBrowserTest::rows), r -> r != null && r.contains("production:pass"),
                    "production passes on the grid again");
            assertThat(chromium.consoleErrors()).as("browser console").isEmpty();
        } finally {
            if (!repaired) {
                sql(fix != null ? fix : "ALTER TABLE public.auth_api_keys ADD COLUMN revoked boolean NOT NULL DEFAULT false; "
                        + "CREATE INDEX auth_api_keys_active_idx ON public.auth_api_keys USING btree (account_id) WHERE (NOT revoked);"
                        + "ALTER TABLE public.auth_api_keys ADD CONSTRAINT auth_api_keys_revoked_consistency"
                        + " CHECK (NOT revoked OR revoked_at IS NOT NULL)");
            }
        }
    }
}
