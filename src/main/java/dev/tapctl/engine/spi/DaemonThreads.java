package dev.tapctl.engine.spi;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads of tapctl's own pools: daemons, so that a pool left running (an interrupted run, a
 * failure before its shutdown) never keeps the JVM from exiting; named, so that a thread dump or a
 * stack trace says which pool a thread belongs to. Here rather than in the engine because cli and
 * aws make pools too, and engine.spi is the one package all of them may use.
 */
public final class DaemonThreads {
    private DaemonThreads() {}

    /** Every thread named {@code name}: for a pool of one thread. */
    public static ThreadFactory named(String name) {
        return runnable -> daemon(runnable, name);
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, ... in the order they are made. */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> daemon(runnable, prefix + "-" + number.incrementAndGet());
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
