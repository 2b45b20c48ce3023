package dev.driftwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private final Secret key = new Secret("sk-live-0123456789");
    private final Secret longer = new Secret("sk-live-0123456789-extended");
    private final Secret password = new Secret("hunter22");

    @Test
    void everyOccurrenceOfEverySecretBecomesItsFingerprint() {
        Redactor r = new Redactor(List.of(key, password));
        assertThat(r.scrub("key sk-live-0123456789 rejected; password=hunter22 and again sk-live-0123456789"))
                .isEqualTo("key " + key.fingerprint() + " rejected; password=" + password.fingerprint() + " and again "
                        + key.fingerprint());
    }

    @Test
    void theLongestSecretWinsWhereOneStartsAnother() {
        Redactor r = new Redactor(List.of(key, longer));
        assertThat(r.scrub("x sk-live-0123456789-extended y sk-live-0123456789"))
                .isEqualTo("x " + longer.fingerprint() + " y " + key.fingerprint())
                .doesNotContain("extended");
    }

    @Test
    void aWordOfTwelveOrMoreCharactersThatASecretBeginsWithIsRedactedToo() {
        Redactor r = new Redactor(List.of(key));
        assertThat(r.scrub("code sk-live-012345678 (a cut key)")).isEqualTo("code " + key.fingerprint() + "… (a cut key)");
        assertThat(r.scrub("message: token sk-live-0123")).isEqualTo("message: token " + key.fingerprint() + "…");
        assertThat(r.scrub("sk-live-01234\"}, 'sk-live-0123')")).as("at the start, between quotes")
                .isEqualTo(key.fingerprint() + "…\"}, '" + key.fingerprint() + "…')");
        assertThat(r.scrub("sk-live-0123456789abc sk-live-01 x:sk-live-0123")).as("longer than the secret, shorter than 12, glued")
                .isEqualTo(key.fingerprint() + "abc sk-live-01 x:sk-live-0123");
    }

    @Test
    void textWithoutSecretsIsReturnedAsIsAndShortSecretsAreIgnored() {
        Redactor r = new Redactor(List.of(key, new Secret("abc")));
        String text = "abc: nothing secret here, sk-live-0123456780 differs in its last character, sk-live-01 is too short to tell";
        assertThat(r.scrub(text)).isSameAs(text);
        assertThat(r.scrub("sk-live-0123456789")).isEqualTo(key.fingerprint());
        assertThat(r.scrub("sk-")).isEqualTo("sk-");
        assertThat(r.scrub(null)).isNull();
    }

    @Test
    void detailsAreScrubbedInNestedMapsAndLists() {
        Redactor r = new Redactor(List.of(key));
        Map<String, Object> details = Map.of("reason", List.of("sent sk-live-0123456789", Map.of("k", "sk-live-0123456789")), "n", 3);
        assertThat(r.scrubDetails(details).toString()).doesNotContain("sk-live-0123456789").contains(key.fingerprint()).contains("n=3");
    }

    @Test
    void aFleetOfSecretsIsFoundWhereverItsSecretSits() {
        List<Secret> fleet = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            fleet.add(new Secret("sk-bench-openai-env" + i));
        }
        Redactor r = new Redactor(fleet);
        assertThat(r.scrub("env 4999 answered with sk-bench-openai-env4999."))
                .isEqualTo("env 4999 answered with " + fleet.get(4999).fingerprint() + ".");
        assertThat(r.scrub("sk-bench-openai-env12")).isEqualTo(fleet.get(12).fingerprint());
    }
}
