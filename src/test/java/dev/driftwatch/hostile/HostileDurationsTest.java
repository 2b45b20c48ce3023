package dev.driftwatch.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftwatch.config.Durations;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one duration parser of config, API and gate: nothing above a year, nothing that overflows, no echo. */
class HostileDurationsTest {
    @Test
    void overflowingOrHugeDurationsAreRefusedWithoutQuotingThem() {
        for (String huge : List.of("9999999999999999h", "200000000000d", "366d", "8761h", "365d1ms",
                "99999999999999999999999999ms", "1000000000000s")) {
            assertThatThrownBy(() -> Durations.parse(huge)).as(huge).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("longer than the longest duration accepted, 365d");
        }
        for (String bad : List.of("-5s", "5", "s", "1.5s", "5 s", "", "x".repeat(10_000), "5w", "\u0000")) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("not a duration such as 500ms, 30s, 5m or 1h");
        }
        assertThat(Durations.parse("365d")).isEqualTo(Duration.ofDays(365));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    }
}
