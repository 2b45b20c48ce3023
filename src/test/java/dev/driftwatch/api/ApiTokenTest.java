package dev.driftwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The probe endpoint's token: off without one, 401 without a bearer token, 403 with another one. */
class ApiTokenTest {
    private static final String TOKEN = "s3cret-token-0123456789abcdef";

    private static ApiException refusal(ApiToken token, String authorization) {
        try {
            token.verify(authorization);
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("accepted " + authorization);
    }

    @Test
    void withoutAConfiguredTokenTheEndpointIsDisabled() {
        for (Optional<String> none : java.util.List.of(Optional.<String>empty(), Optional.of("  "))) {
            ApiException e = refusal(new ApiToken(none), "Bearer anything");
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.getMessage()).isEqualTo("probe endpoint disabled: set DRIFTWATCH_API_TOKEN");
        }
    }

    @Test
    void theBearerTokenMustMatchExactly() {
        ApiToken token = new ApiToken(Optional.of(TOKEN));
        token.verify("Bearer " + TOKEN);
        token.verify("bearer  " + TOKEN + " ");
        for (String missing : new String[] {null, "", "Bearer", "Bearer   ", "Basic " + TOKEN, TOKEN}) {
            ApiException e = refusal(token, missing);
            assertThat(e.status()).as(String.valueOf(missing)).isEqualTo(401);
            assertThat(e.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"driftwatch\"");
        }
        for (String wrong : new String[] {TOKEN + "x", TOKEN.substring(1), TOKEN.toUpperCase()}) {
            ApiException e = refusal(token, "Bearer " + wrong);
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(TOKEN);
        }
        assertThatThrownBy(() -> token.verify("Bearer " + TOKEN + "\u0000")).isInstanceOf(ApiException.class);
    }

    @Test
    void aTokenShorterThan16CharactersIsRefusedSayingWhyWithoutShowingIt() {
        assertThatThrownBy(() -> new ApiToken(Optional.of("short-token-15c")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fewer than 16").hasMessageContaining("could be guessed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("short-token-15c"));
        new ApiToken(Optional.of("sixteen-chars-ok"));
    }
}
