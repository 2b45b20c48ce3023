package dev.driftwatch.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.probe.Outcome;
import org.junit.jupiter.api.Test;

/** The verdict's check states are an enum in code and the same lower-case words in JSON as before. */
class CheckStateTest {

    @Test
    void statesSerializeInLowerCase() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(json.writeValueAsString(new CheckState("schema/public", CheckState.State.MISSING, null, "no observation yet", null)))
                .isEqualTo("{\"check\":\"schema/public\",\"state\":\"missing\",\"reason\":\"no observation yet\"}");
        for (Outcome o : Outcome.values()) {
            assertThat(json.writeValueAsString(CheckState.State.of(o))).isEqualTo("\"" + o.label() + "\"");
        }
        assertThat(json.writeValueAsString(CheckState.State.STALE)).isEqualTo("\"stale\"");
        assertThat(CheckState.State.STALE.unverified()).isTrue();
        assertThat(CheckState.State.UNKNOWN.unverified()).isFalse();
    }
}
