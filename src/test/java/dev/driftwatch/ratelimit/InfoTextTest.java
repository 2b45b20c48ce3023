package dev.driftwatch.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fields of Redis's INFO text: CRLF lines, section headers, a last line without its newline, absent fields. */
class InfoTextTest {
    @Test
    void readsTheWantedFieldsOnly() {
        String info = "# Memory\r\nused_memory:1049360\r\nused_memory_human:1.00M\r\nmaxmemory:0\r\nmaxmemory_policy:noeviction";
        assertThat(InfoText.parse(info, "used_memory", "maxmemory", "maxmemory_policy"))
                .isEqualTo(Map.of("used_memory", "1049360", "info_maxmemory", "0", "maxmemory_policy", "noeviction"));
        assertThat(InfoText.parse("# Memory\n:odd\nno colon here\n", "used_memory")).isEmpty();
        assertThat(InfoText.parse(null, "used_memory")).isEmpty();
    }
}
