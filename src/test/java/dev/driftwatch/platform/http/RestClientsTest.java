package dev.driftwatch.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Timeouts share clients in steps, rounded down so that a request never waits longer than its budget. */
class RestClientsTest {

    @Test
    void timeoutsAreRoundedDownToAStepAndNeverBelowTheMinimum() {
        assertThat(RestClients.step(Duration.ofMillis(4000))).isEqualTo(4000);
        assertThat(RestClients.step(Duration.ofMillis(3999))).isEqualTo(3750);
        assertThat(RestClients.step(Duration.ofMillis(3751))).isEqualTo(3750);
        assertThat(RestClients.step(Duration.ofMillis(240))).isEqualTo(240);
        assertThat(RestClients.step(Duration.ofMillis(20))).isEqualTo(100);
    }
}
