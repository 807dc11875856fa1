package dev.tapctl.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tapctl.engine.spi.ReadsAtOnce;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadExecutorTest {

    @Test
    void callsStartedAtOnceRunAtTheSameTimeOnThePlansThreads() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        List<String> threads = new CopyOnWriteArrayList<>();
        try (ReadExecutor executor = new ReadExecutor()) {
            List<ReadsAtOnce.Pending<Boolean>> started = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                started.add(executor.start(() -> {
                    threads.add(Thread.currentThread().getName());
                    bothRunning.countDown();
                    try {
                        // Each waits for the other: only calls made at the same time get past this.
                        return bothRunning.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            // Asked for before a pool thread took it, a call runs on the asking thread (by design,
            // see aCallNoThreadHasTakenYetIsMadeByTheOneAskingForIt): on a busy machine the pool
            // may not have started both yet, so this waits until both run before asking.
            assertThat(bothRunning.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(started).extracting(ReadsAtOnce.Pending::get).containsOnly(true);
        }
        assertThat(threads).hasSize(2).allMatch(name -> name.startsWith("tapctl-reads-at-once-"));
    }

    @Test
    void aCallsFailureIsRethrownAsItWasThrown() {
        IllegalArgumentException thrown = new IllegalArgumentException("AccessDenied");
        try (ReadExecutor executor = new ReadExecutor()) {
            ReadsAtOnce.Pending<String> pending = executor.start(() -> {
                throw thrown;
            });

            assertThat(catchThrowable(pending::get)).isSameAs(thrown);
        }
    }

    @Test
    void aCallNoThreadHasTakenYetIsMadeByTheOneAskingForIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ReadExecutor executor = new ReadExecutor()) {
            // Every thread of the pool busy: a read waiting for a call queued behind them must not wait for a thread.
            List<ReadsAtOnce.Pending<Boolean>> busy = new ArrayList<>();
            for (int i = 0; i < ReadExecutor.THREADS; i++) {
                busy.add(executor.start(() -> {
                    try {
                        return release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            ReadsAtOnce.Pending<String> queued =
                    executor.start(() -> Thread.currentThread().getName());

            assertThat(queued.get()).isEqualTo(Thread.currentThread().getName());
            release.countDown();
            assertThat(busy).extracting(ReadsAtOnce.Pending::get).containsOnly(true);
        }
    }

    @Test
    void outsideAPlanACallIsMadeOnlyWhenItsAnswerIsAskedForAndOnlyOnce() {
        List<String> made = new CopyOnWriteArrayList<>();
        ReadsAtOnce.Pending<String> first = ReadsAtOnce.NONE.start(() -> {
            made.add("first");
            return "1";
        });
        ReadsAtOnce.Pending<String> second = ReadsAtOnce.NONE.start(() -> {
            made.add("second");
            return "2";
        });
        ReadsAtOnce.Pending<String> never = ReadsAtOnce.NONE.start(() -> {
            made.add("never");
            return "3";
        });
        assertThat(made).as("nothing is made when started").isEmpty();

        assertThat(second.get()).isEqualTo("2");
        assertThat(first.get()).isEqualTo("1");
        assertThat(first.get()).isEqualTo("1");

        assertThat(made)
                .as("in the order asked for, each once, the one never asked for not at all")
                .containsExactly("second", "first");
        assertThat(never).isNotNull();
    }
}
