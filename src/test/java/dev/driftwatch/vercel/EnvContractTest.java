package dev.driftwatch.vercel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.Secret;
import dev.driftwatch.platform.vercel.EnvVar;
import dev.driftwatch.platform.vercel.VercelConnection;
import dev.driftwatch.platform.vercel.VercelProject;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The environment contract against a project's variables: every finding, and no value in any of them. */
class EnvContractTest {
    private static final EnvSettings SETTINGS = new EnvSettings(
            new VercelConnection(new VercelProject(URI.create("https://api.vercel.com"), new Secret("t"), "prj", null), "production"),
            List.of("A_URL", "B_KEY", "C_EMPTY", "D_SENSITIVE", "E_MISSING", "F_ELSEWHERE", "G_PLACEHOLDER"),
            List.of("A_URL"), List.of("your-", "changeme"));

    private static EnvVar v(String key, String value, String type, String... targets) {
        return new EnvVar(key, value == null ? null : new Secret(value), type, List.of(targets));
    }

    @Test
    void findsMissingEmptyPlaceholderAndMalformedVariablesAndWhereTheMissingOnesAreSet() {
        List<EnvVar> vars = List.of(
                v("A_URL", "db.example.com", "plain", "production"),
                v("B_KEY", "sk-live-1234567890", "encrypted", "production", "preview"),
                v("C_EMPTY", " ", "encrypted", "production"),
                v("D_SENSITIVE", null, "sensitive", "production"),
                v("F_ELSEWHERE", "x", "encrypted", "preview"),
                v("F_ELSEWHERE", "y", "encrypted", "development"),
                v("G_PLACEHOLDER", "Your-Anon-Key", "plain", "production"));
        List<EnvContract.Finding> findings = EnvContract.evaluate(vars, "production", SETTINGS);
        String reason = EnvContract.reason(findings, "production");
        assertThat(reason).isEqualTo("missing in production: E_MISSING, F_ELSEWHERE (set for development, preview); "
                + "A_URL in production is not an http(s) URL (" + new Secret("db.example.com").fingerprint() + "); "
                + "C_EMPTY is empty in production; "
                + "G_PLACEHOLDER in production holds a placeholder (contains 'your-', " + new Secret("Your-Anon-Key").fingerprint() + ")");
        assertThat(EnvContract.details(findings).toString()).doesNotContain("sk-live-1234567890").doesNotContain("Your-Anon-Key")
                .contains("D_SENSITIVE={status=ok, type=sensitive").contains("B_KEY={status=ok");
    }

    @Test
    void aContractMetByTheTargetHasNoReason() {
        List<EnvVar> vars = List.of(v("A_URL", "https://db.example.com", "plain", "production"));
        EnvSettings one = new EnvSettings(SETTINGS.connection(), List.of("A_URL"), List.of("A_URL"), List.of("your-"));
        assertThat(EnvContract.evaluate(vars, "production", one)).allMatch(EnvContract.Finding::ok);
        assertThat(EnvContract.evaluate(vars, "preview", one)).noneMatch(EnvContract.Finding::ok);
    }
}
