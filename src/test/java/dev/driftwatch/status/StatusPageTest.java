package dev.driftwatch.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import dev.driftwatch.testsupport.Await;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status page over plain HTTP, as a browser without JavaScript sees it: public like the API's reads, filters
 * as query parameters, hostile text escaped, clear errors, the partial content the refresh script swaps in, and the
 * runbooks it links to.
 */
@QuarkusTest
@WithTestResource(StatusPageResource.class)
class StatusPageTest {
    private static final Pattern ROW = Pattern.compile("<tr data-env=\"([^\"]+)\"");

    @BeforeEach
    void settled() {
        Await.until(Duration.ofSeconds(60), StatusPageBrowserTest::verdicts, v -> v.size() == 4 && !v.containsValue("unknown"),
                "every environment observed");
    }

    private static List<String> rows(String html) {
        Matcher m = ROW.matcher(html);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String page(String path) {
        return given().get(path).then().statusCode(200).contentType(containsString("text/html")).extract().asString();
    }

    @Test
    void theGridIsPublicServerRenderedAndSaysHowLongItTook() {
        String html = given().get("/").then().statusCode(200).contentType("text/html;charset=UTF-8")
                .header("Server-Timing", matchesPattern("render;dur=\\d+\\.\\d"))
                .header("Cache-Control", "no-store").extract().asString();
        assertThat(rows(html)).containsExactlyInAnyOrderElementsOf(StatusPageResource.ENVIRONMENTS);
        assertThat(html).contains("<noscript><meta http-equiv=\"refresh\" content=\"1\"></noscript>")
                .contains("<th scope=\"col\">schema/public</th>").contains("data-check=\"ratelimit/redis\"");
    }

    @Test
    void hostileTextIsEscapedEverywhere() {
        String escaped = "&lt;img src=x onerror=alert(1)&gt;";
        assertThat(page("/")).contains(escaped).doesNotContain(StatusPageResource.HOSTILE_LABEL);
        assertThat(page("/environments/sandbox")).contains(escaped).doesNotContain(StatusPageResource.HOSTILE_LABEL);
        given().queryParam("q", "<script>alert(1)</script>").get("/").then().statusCode(200)
                .body(containsString("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""), not(containsString("<script>alert(1)")));
        given().get("/environments/<i>x").then().statusCode(404)
                .body(containsString("no environment named &#39;&lt;i&gt;x&#39;"), not(containsString("<i>x")));
    }

    @Test
    void filtersAreQueryParametersSoTheyWorkWithoutJavaScript() {
        assertThat(rows(page("/?q=tier=prod"))).containsExactly("production");
        assertThat(rows(page("/?q=STAG"))).containsExactly("staging");
        assertThat(rows(page("/?q=payments"))).as("a label value").containsExactly("production");
        assertThat(rows(page("/?state=warn"))).containsExactly("sandbox");
        assertThat(rows(page("/?state=problems"))).containsExactly("sandbox");
        assertThat(rows(page("/?state=pass&q=pr"))).containsExactly("preview", "production");
        assertThat(page("/?q=nothing-like-this")).contains("No environment matches this filter").contains("Showing 0 of 4");
    }

    @Test
    void badParametersAndUnknownEnvironmentsAreClearErrors() {
        given().get("/?state=purple").then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("parameter state: must be one of all, problems, fail, unknown, warn, pass"));
        given().queryParam("q", "x".repeat(201)).get("/").then().statusCode(400)
                .body(containsString("parameter q: is longer than 200 characters"));
        given().get("/environments/nowhere").then().statusCode(404)
                .body(containsString("no environment named &#39;nowhere&#39; (known: "), not(containsString("Exception")));
    }

    @Test
    void partialAnswersOnlyTheContentTheScriptSwapsIn() {
        String grid = page("/?partial=1&state=warn");
        assertThat(grid).doesNotContain("<html").doesNotContain("<form").contains("<table class=\"grid\">");
        assertThat(rows(grid)).containsExactly("sandbox");
        String env = page("/environments/production?partial=1");
        assertThat(env).doesNotContain("<html").contains("What a release gate gets now").contains("HTTP 200, exit 0");
    }

    @Test
    void theEnvironmentPageShowsDetailsButNoSecret() {
        String html = page("/environments/production");
        assertThat(html).contains("roundTripSeconds").contains("limiterTimeout").contains("sliding-window")
                .doesNotContain("status-page-limiter");
        assertThat(page("/environments/sandbox")).contains("Runbook: DriftwatchEnvironmentFailing")
                .contains("/runbooks/DriftwatchEnvironmentFailing.md");
    }

    @Test
    void theRunbooksAreServedAndEveryCheckHasItsOwnIntervalMetric() {
        given().get("/runbooks/DriftwatchChecksStale.md").then().statusCode(200).body(containsString("# DriftwatchChecksStale"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("driftwatch_check_interval_seconds{check=\"schema\",environment=\"production\",target=\"public\"} 1.0")
                .contains("driftwatch_check_interval_seconds{check=\"ratelimit\",environment=\"preview\",target=\"redis\"} 1.0");
    }
}
