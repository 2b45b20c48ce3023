package dev.driftwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Rendezvous ownership: every replica agrees, the fleet spreads evenly, and a resize moves only the new shard's share. */
class ShardsTest {
    private static final String ADDRESS = "http://driftwatch-{shard}.driftwatch:9464";
    private static final List<String> FLEET = IntStream.range(0, 3000).mapToObj(i -> "env-" + i).toList();

    private static Shards shard(int count, int index) {
        return Shards.of(count, Optional.of(index), Optional.of(ADDRESS), "laptop");
    }

    @Test
    void everyEnvironmentHasExactlyOneOwnerAndEveryReplicaAgrees() {
        for (String env : FLEET) {
            int owners = 0;
            for (int i = 0; i < 3; i++) {
                owners += shard(3, i).owns(env) ? 1 : 0;
                assertThat(shard(3, i).owner(env)).isEqualTo(shard(3, 0).owner(env));
            }
            assertThat(owners).as(env).isEqualTo(1);
        }
    }

    @Test
    void theFleetSpreadsEvenly() {
        for (int n : List.of(2, 3, 5, 8)) {
            Map<Integer, Integer> counts = counts(n);
            double fair = FLEET.size() / (double) n;
            assertThat(counts).as("%d shards", n).hasSize(n);
            counts.values().forEach(c -> assertThat(c).as("%d shards: %s", n, counts).isBetween((int) (fair * 0.85), (int) (fair * 1.15)));
        }
    }

    @Test
    void growingByOneMovesOnlyTheNewShardsShare() {
        for (int n = 1; n < 8; n++) {
            Shards before = shard(n, 0);
            Shards after = shard(n + 1, 0);
            int moved = 0;
            for (String env : FLEET) {
                int was = before.owner(env);
                int is = after.owner(env);
                if (was != is) {
                    assertThat(is).as("%s moves only to the new shard", env).isEqualTo(n);
                    moved++;
                }
            }
            double share = FLEET.size() / (double) (n + 1);
            assertThat(moved).as("%d → %d shards", n, n + 1).isBetween((int) (share * 0.85), (int) (share * 1.15));
        }
    }

    @Test
    void theOwnerIsStableAcrossInstances() {
        assertThat(shard(3, 1).owner("production")).isEqualTo(Shards.of(3, Optional.of(2), Optional.of(ADDRESS), "x").owner("production"));
        assertThat(Shards.single().owns("anything")).isTrue();
    }

    @Test
    void theShardDefaultsToTheStatefulSetOrdinalOfTheHostName() {
        assertThat(Shards.of(3, Optional.empty(), Optional.of(ADDRESS), "driftwatch-2").index()).isEqualTo(2);
        assertThat(Shards.of(3, Optional.empty(), Optional.of(ADDRESS), "driftwatch-0").index()).isEqualTo(0);
        assertThat(Shards.of(3, Optional.of(1), Optional.of(ADDRESS), "driftwatch-2").index()).as("explicit wins").isEqualTo(1);
        assertThat(Shards.of(1, Optional.empty(), Optional.empty(), "laptop")).isEqualTo(Shards.single());
    }

    @Test
    void theAddressOfAShardFillsTheTemplate() {
        assertThat(shard(3, 0).addressOf(2)).contains("http://driftwatch-2.driftwatch:9464");
        assertThat(Shards.of(2, Optional.of(0), Optional.of("https://dw.example.com/s{shard}/"), "h").addressOf(1))
                .contains("https://dw.example.com/s1");
        assertThat(Shards.single().addressOf(0)).isEmpty();
    }

    @Test
    void badSettingsNameTheProperty() {
        assertThatThrownBy(() -> Shards.of(3, Optional.empty(), Optional.of(ADDRESS), "laptop"))
                .hasMessageContaining("driftwatch.shard:").hasMessageContaining("laptop");
        assertThatThrownBy(() -> Shards.of(3, Optional.of(3), Optional.of(ADDRESS), "h"))
                .hasMessageContaining("driftwatch.shard:").hasMessageContaining("not 3");
        assertThatThrownBy(() -> Shards.of(3, Optional.empty(), Optional.of(ADDRESS), "driftwatch-7"))
                .hasMessageContaining("driftwatch.shard:");
        assertThatThrownBy(() -> Shards.of(0, Optional.empty(), Optional.empty(), "h")).hasMessageContaining("driftwatch.shards:");
        assertThatThrownBy(() -> Shards.of(3, Optional.of(0), Optional.empty(), "h")).hasMessageContaining("driftwatch.shard-address:");
        assertThatThrownBy(() -> Shards.of(3, Optional.of(0), Optional.of("http://driftwatch-0:9464"), "h"))
                .hasMessageContaining("driftwatch.shard-address:").hasMessageContaining("{shard}");
        for (String bad : List.of("ftp://x-{shard}", "driftwatch-{shard}:9464", "http://u:p@x-{shard}", "http://x-{shard}/?a=b", "http:// x{shard}")) {
            assertThatThrownBy(() -> Shards.of(2, Optional.of(0), Optional.of(bad), "h")).as(bad)
                    .hasMessageContaining("driftwatch.shard-address:").hasMessageNotContaining("u:p");
        }
    }

    private static Map<Integer, Integer> counts(int n) {
        Map<Integer, Integer> counts = new HashMap<>();
        Shards s = shard(n, 0);
        FLEET.forEach(env -> counts.merge(s.owner(env), 1, Integer::sum));
        return counts;
    }
}
