package dev.tapctl.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.engine.spi.SharedReads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PlanReadsTest {

    @Test
    void concurrentCallersOfOneKeyShareOneCall() throws Exception {
        PlanReads reads = new PlanReads();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch allAsking = new CountDownLatch(8);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    allAsking.countDown();
                    allAsking.await(5, TimeUnit.SECONDS);
                    return reads.get("ec2:DescribeSubnets:tap/dev", () -> {
                        calls.incrementAndGet();
                        sleep(50);
                        return List.of("subnet-1", "subnet-2");
                    });
                }));
            }
            for (Future<List<String>> answer : answers) {
                assertThat(answer.get(5, TimeUnit.SECONDS)).containsExactly("subnet-1", "subnet-2");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void eachKeyIsReadOnItsOwn() {
        PlanReads reads = new PlanReads();
        assertThat(reads.<String>get("a", () -> "first a")).isEqualTo("first a");
        assertThat(reads.<String>get("b", () -> "first b")).isEqualTo("first b");
        assertThat(reads.<String>get("a", () -> "second a")).isEqualTo("first a");
        assertThat(reads.shared()).isTrue();
    }

    @Test
    void aFailedReadFailsEveryCallerOfItsKey() {
        PlanReads reads = new PlanReads();
        IllegalStateException boom = new IllegalStateException("AccessDenied");
        assertThatThrownBy(() -> reads.get("iam:roles", () -> {
                    throw boom;
                }))
                .isSameAs(boom);
        assertThatThrownBy(() -> reads.get("iam:roles", () -> "never asked")).isSameAs(boom);
    }

    @Test
    void outsideAPlanEveryCallReadsAfresh() {
        AtomicInteger calls = new AtomicInteger();
        SharedReads.NONE.get("a", calls::incrementAndGet);
        SharedReads.NONE.get("a", calls::incrementAndGet);
        assertThat(calls).hasValue(2);
        assertThat(SharedReads.NONE.shared()).isFalse();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
