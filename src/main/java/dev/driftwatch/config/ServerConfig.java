package dev.driftwatch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Server settings: Quarkus configuration, overridable by environment variables ({@code DRIFTWATCH_CONFIG}, ...). */
@ConfigMapping(prefix = "driftwatch")
public interface ServerConfig {

    /** Path of the environments file (YAML). Relative paths inside it resolve against its directory. */
    @WithDefault("config/driftwatch.yaml")
    Path config();

    /** Directory for state that survives a restart: the transition history. */
    @WithDefault("data")
    Path dataDir();

    /** How often the environments file is checked for changes. */
    @WithDefault("2s")
    Duration reloadInterval();

    /** Interval of checks that set none, when the environments file sets no top-level {@code interval}. */
    @WithDefault("30s")
    Duration defaultInterval();

    /** Timeout of checks that set none, when the environments file sets no top-level {@code timeout}. */
    @WithDefault("5s")
    Duration defaultTimeout();

    /** How many transitions the history keeps (oldest dropped first), in memory and on disk. */
    @WithDefault("10000")
    int historyLimit();

    /** How long transitions are kept: older ones are dropped when the history is loaded and when it is compacted. */
    @WithDefault("30d")
    Duration historyRetention();

    /** The probe workers: how many checks run at once, and how many of them one target may hold. */
    Workers workers();

    /** Settings of the probe worker pool ({@code driftwatch.workers.*}). */
    interface Workers {
        /**
         * How many probe runs proceed at once; further runs queue until a worker is free. Unset: 32 per available
         * core (64 on 2 cores): runs mostly wait on the network (README, Sizing).
         */
        OptionalInt threads();

        /**
         * How many workers the slow runs (see {@link #slowAfter()}) of one target (the {@code host:port} a check
         * connects to) may hold at once. A hung server therefore delays only its own checks. Unset: a quarter of {@link #threads()}, at least 2.
         */
        OptionalInt perTarget();

        /**
         * How long a run must have been in flight before it counts against {@link #perTarget()}: a target whose runs
         * answer sooner is never held back (one provider API behind thousands of keys), while a hung or slow server
         * holds at most {@code per-target} workers.
         */
        @WithDefault("1s")
        java.time.Duration slowAfter();
    }

    /** The HTTP API's own settings. */
    Api api();

    /** Settings of the HTTP API ({@code driftwatch.api.*}). */
    interface Api {
        /**
         * Bearer token that {@code POST /api/v1/environments/{env}/probe} requires ({@code DRIFTWATCH_API_TOKEN}).
         * Unset: that endpoint answers 403, every other endpoint is read-only and open.
         */
        Optional<String> token();

        /**
         * Minimum time between the end of one on-demand probe run of an environment and the start of the next;
         * requests in between get 429 with {@code Retry-After}. Requests while a run is in flight join it.
         */
        @WithDefault("10s")
        Duration probeMinInterval();

        /** How many {@code GET .../verdict?wait=} requests may wait at once; more get 503 with {@code Retry-After}. */
        @WithDefault("256")
        int maxWaiting();

        /**
         * How many of those one client address may hold at once, so that one client cannot take every slot; more get
         * 503 with {@code Retry-After}. A long poll frees its slot as soon as its client hangs up.
         */
        @WithDefault("32")
        int maxWaitingPerClient();
    }

    /** How often verdicts are re-evaluated so that stale observations turn them {@code unknown} without a new run. */
    @WithDefault("1s")
    Duration verdictRefresh();

    /** Spend and abuse safety of provider key checks ({@code providers:} in the environments file). */
    Provider provider();

    /** Limits on the requests driftwatch sends to LLM providers. */
    interface Provider {

        /**
         * The shortest time between two requests to a provider for one key, unless the provider entry sets
         * {@code minInterval}. Checks that run in between report the key's latest answer again (details say
         * {@code cached: true}), so a key that starts being rejected shows within this interval plus the check's.
         */
        @WithDefault("5m")
        Duration minInterval();

        /**
         * The most requests to all providers together in any sliding minute. A check whose request would exceed it
         * reports the key's latest answer again, or {@code unknown} when there is none yet.
         */
        @WithDefault("60")
        int maxRequestsPerMinute();

        /**
         * The longest wait after a 429 before the key is asked again. Without this cap, the wait is the provider's
         * Retry-After or the minimum interval doubled for each 429 in a row, whichever is longer.
         */
        @WithDefault("1h")
        Duration maxBackoff();
    }

    // Horizontal sharding (docs/sharding.md): every replica loads the whole environments file and probes its share.

    /**
     * How many replicas share the environments file. Each environment is probed by exactly one of them, the one its
     * stable hash picks (docs/sharding.md); the others redirect its API requests there. 1: no sharding.
     */
    @WithDefault("1")
    int shards();

    /**
     * This replica's shard, 0 to {@code shards - 1}. Unset: the trailing {@code -<n>} of the host name
     * ({@code HOSTNAME}), so that StatefulSet pod {@code driftwatch-2} is shard 2; with {@code shards} above 1 and no
     * such ordinal, startup fails.
     */
    Optional<Integer> shard();

    /**
     * The stable base URL of a shard, {@code {shard}} standing for its index, e.g.
     * {@code http://driftwatch-{shard}.driftwatch:9464} (the headless Service of the StatefulSet). Requests for an
     * environment another shard owns are answered 307 to this address plus the same path and query. Required when
     * {@code shards} is above 1.
     */
    Optional<String> shardAddress();
}
