package dev.driftwatch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.Secret;
import dev.driftwatch.provider.KeyVerifier.Answer;
import dev.driftwatch.provider.Verification.Status;
import dev.driftwatch.testsupport.Await;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import dev.driftwatch.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spend safety: minimum interval, one request per shared key, backoff after 429, the global cap. */
class KeyVerifierTest {
    private static final Duration MIN = Duration.ofMinutes(5);
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final URI OPENAI = URI.create("https://api.openai.com/v1");

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private KeyVerifier verifier(int perMinute, Duration maxBackoff) {
        return new KeyVerifier(clock, new OutboundBudget(perMinute, clock), maxBackoff);
    }

    private static ProviderKey target(String key) {
        return new ProviderKey(ProviderType.OPENAI, OPENAI, new Secret(key));
    }

    private static Verification valid() {
        return new Verification(Status.VALID, "key valid", 200, null, null, null);
    }

    private static Verification rateLimited(Duration retryAfter) {
        return new Verification(Status.UNVERIFIABLE, "rate limited", 429, "rate_limit_exceeded", retryAfter, null);
    }

    /** Counts the requests it stands for. */
    private static final class Requests implements Supplier<Verification> {
        final AtomicInteger sent = new AtomicInteger();
        volatile Verification next = valid();

        @Override
        public Verification get() {
            sent.incrementAndGet();
            return next;
        }
    }

    @Test
    void withinTheMinimumIntervalTheLatestAnswerIsReportedAgain() {
        KeyVerifier v = verifier(60, Duration.ofHours(1));
        Requests requests = new Requests();
        Answer first = v.verify(target("k1"), MIN, WAIT, requests);
        clock.advance(MIN.minusSeconds(1));
        Answer again = v.verify(target("k1"), MIN, WAIT, requests);
        assertThat(requests.sent).hasValue(1);
        assertThat(first.fresh()).isTrue();
        assertThat(again.fresh()).isFalse();
        assertThat(again.checked()).isEqualTo(first.checked());
        clock.advance(Duration.ofSeconds(1));
        assertThat(v.verify(target("k1"), MIN, WAIT, requests).fresh()).isTrue();
        assertThat(requests.sent).hasValue(2);
    }

    @Test
    void aKeyIsItsTypeBaseUrlAndValue() {
        KeyVerifier v = verifier(60, Duration.ofHours(1));
        Requests requests = new Requests();
        v.verify(target("k1"), MIN, WAIT, requests);
        v.verify(target("k2"), MIN, WAIT, requests);
        v.verify(new ProviderKey(ProviderType.OPENAI, URI.create("https://gateway.example/v1"), new Secret("k1")), MIN, WAIT, requests);
        v.verify(new ProviderKey(ProviderType.OPENAI_COMPATIBLE, OPENAI, new Secret("k1")), MIN, WAIT, requests);
        v.verify(target("k1"), MIN, WAIT, requests);
        assertThat(requests.sent).hasValue(4);
    }

    @Test
    void checksOfOneKeyRunningTogetherShareOneRequest() throws Exception {
        KeyVerifier v = verifier(60, Duration.ofHours(1));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger sent = new AtomicInteger();
        Supplier<Verification> slow = () -> {
            sent.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return valid();
        };
        List<Thread> waiting = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Future<Answer>> answers = new ArrayList<>();
        answers.add(threads.submit(() -> v.verify(target("shared"), MIN, WAIT, slow)));
        Await.until(Duration.ofSeconds(5), sent::get, n -> n == 1, "the first check sends its request");
        for (int i = 0; i < 2; i++) {
            answers.add(threads.submit(() -> {
                waiting.add(Thread.currentThread());
                return v.verify(target("shared"), MIN, WAIT, slow);
            }));
        }
        Await.until(Duration.ofSeconds(5), () -> waiting.size() == 2 && waiting.stream().allMatch(
                t -> t.getState() == Thread.State.TIMED_WAITING), b -> b, "the other checks wait for the request in flight");
        release.countDown();
        List<Answer> results = new ArrayList<>();
        for (Future<Answer> f : answers) {
            results.add(f.get(5, TimeUnit.SECONDS));
        }
        assertThat(sent).hasValue(1);
        assertThat(results).extracting(Answer::checked).containsOnly(results.get(0).checked());
        assertThat(results).filteredOn(Answer::fresh).hasSize(1);
    }

    @Test
    void aCheckThatCannotWaitForAStuckRequestSaysSo() throws Exception {
        KeyVerifier v = verifier(60, Duration.ofHours(1));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger sent = new AtomicInteger();
        threads.submit(() -> v.verify(target("stuck"), MIN, WAIT, () -> {
            sent.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return valid();
        }));
        Await.until(Duration.ofSeconds(5), sent::get, n -> n == 1, "a request is in flight");
        Answer gaveUp = v.verify(target("stuck"), MIN, Duration.ofMillis(100), new Requests());
        release.countDown();
        assertThat(gaveUp.checked()).isNull();
        assertThat(gaveUp.note()).isEqualTo("a request for the same key (another environment's check) did not finish within 100ms");
    }

    @Test
    void a429WithRetryAfterHoldsRequestsBackThatLong() {
        KeyVerifier v = verifier(60, Duration.ofHours(1));
        Requests requests = new Requests();
        requests.next = rateLimited(Duration.ofMinutes(20));
        Instant start = clock.instant();
        Answer limited = v.verify(target("k"), MIN, WAIT, requests);
        assertThat(limited.backoffUntil()).isEqualTo(start.plus(Duration.ofMinutes(20)));
        requests.next = valid();
        clock.advance(Duration.ofMinutes(19));
        Answer held = v.verify(target("k"), MIN, WAIT, requests);
        assertThat(requests.sent).hasValue(1);
        assertThat(held.checked().verification().httpStatus()).isEqualTo(429);
        assertThat(held.backoffUntil()).isEqualTo(start.plus(Duration.ofMinutes(20)));
        clock.advance(Duration.ofMinutes(1));
        Answer after = v.verify(target("k"), MIN, WAIT, requests);
        assertThat(requests.sent).hasValue(2);
        assertThat(after.backoffUntil()).isNull();
    }

    @Test
    void repeated429sWithoutRetryAfterDoubleTheWaitUpToTheCap() {
        KeyVerifier v = verifier(60, Duration.ofMinutes(12));
        Requests requests = new Requests();
        requests.next = rateLimited(null);
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Instant at = clock.instant();
            Answer a = v.verify(target("k"), MIN, WAIT, requests);
            waits.add(Duration.between(at, a.backoffUntil()));
            clock.advance(waits.get(i));
        }
        assertThat(waits).containsExactly(MIN, MIN.multipliedBy(2), Duration.ofMinutes(12), Duration.ofMinutes(12));
        requests.next = valid();
        assertThat(v.verify(target("k"), MIN, WAIT, requests).backoffUntil()).isNull();
        assertThat(requests.sent).hasValue(5);
    }

    @Test
    void aRetryAfterBeyondTheMaximumBackoffIsClamped() {
        KeyVerifier v = verifier(60, Duration.ofHours(1));
        Requests requests = new Requests();
        requests.next = rateLimited(Duration.ofDays(1));
        Answer a = v.verify(target("k"), MIN, WAIT, requests);
        assertThat(Duration.between(clock.instant(), a.backoffUntil())).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theGlobalCapHoldsRequestsBackAndReportsTheLatestAnswer() {
        KeyVerifier v = verifier(2, Duration.ofHours(1));
        Requests requests = new Requests();
        v.verify(target("a"), MIN, WAIT, requests);
        v.verify(target("b"), MIN, WAIT, requests);
        Answer capped = v.verify(target("c"), MIN, WAIT, requests);
        assertThat(requests.sent).hasValue(2);
        assertThat(capped.checked()).isNull();
        assertThat(capped.note()).startsWith("not sent: driftwatch's cap of 2 provider requests per minute is reached");

        clock.advance(MIN);
        v.verify(target("c"), MIN, WAIT, requests);
        v.verify(target("b"), MIN, WAIT, requests);
        Answer stale = v.verify(target("a"), MIN, WAIT, requests);
        assertThat(requests.sent).hasValue(4);
        assertThat(stale.fresh()).isFalse();
        assertThat(stale.checked()).isNotNull();
        assertThat(stale.note()).startsWith("not sent: driftwatch's cap");

        clock.advance(Duration.ofMinutes(1));
        assertThat(v.verify(target("a"), MIN, WAIT, requests).fresh()).isTrue();
    }

    @Test
    void aRequestCutOffByTheChecksDeadlineStillCountsAgainstTheMinimumInterval() {
        KeyVerifier v = verifier(60, Duration.ofHours(1));
        Requests requests = new Requests();
        requests.next = Verification.unverifiable("cannot verify: no answer from api.openai.com:443 before the check's timeout");
        v.verify(target("hung"), MIN, WAIT, requests);
        clock.advance(Duration.ofSeconds(30));
        Answer next = v.verify(target("hung"), MIN, WAIT, requests);
        assertThat(requests.sent).hasValue(1);
        assertThat(next.checked().verification().reason()).endsWith("before the check's timeout");
    }

    @Test
    void keysNoCheckUsesAreForgotten() {
        KeyVerifier v = verifier(60, Duration.ofHours(1));
        Requests requests = new Requests();
        v.verify(target("kept"), MIN, WAIT, requests);
        v.verify(target("dropped"), MIN, WAIT, requests);
        v.retain(Set.of(target("kept")));
        v.verify(target("kept"), MIN, WAIT, requests);
        v.verify(target("dropped"), MIN, WAIT, requests);
        assertThat(requests.sent).hasValue(3);
    }
}
