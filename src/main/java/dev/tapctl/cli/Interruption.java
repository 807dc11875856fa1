package dev.tapctl.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * On SIGINT (Ctrl-C) the JVM runs its shutdown hooks and exits; this hook first asks the run to
 * start no new resource, then holds the exit until the command has wound down: the calls in
 * flight finished, the lock released. The exit code is then 130, as for any interrupted command.
 */
final class Interruption implements AutoCloseable {
    private static final long MAX_WAIT_SECONDS = 120;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile Runnable stop = () -> {};

    Interruption() {
        hook = new Thread(
                () -> {
                    stop.run();
                    try {
                        finished.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "tapctl-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** What an interruption stops: set once the run exists. */
    void onInterrupt(Runnable action) {
        this.stop = action;
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running and has just been released.
        }
    }
}
