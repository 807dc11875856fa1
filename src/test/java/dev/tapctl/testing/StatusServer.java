package dev.tapctl.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server that answers every request with one status and an empty body, as a load
 * balancer or proxy in front of AWS does when it is overloaded (a bare 503): no error code, no
 * message, no request id. Counts the requests it answered.
 */
public final class StatusServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread thread = new Thread(r, "status-server");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger requests = new AtomicInteger();

    private StatusServer(int status) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange;
                    InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
                requests.incrementAndGet();
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Started on a free loopback port. */
    public static StatusServer answering(int status) {
        return new StatusServer(status);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Requests answered so far (each attempt of an SDK call is one). */
    public int requests() {
        return requests.get();
    }

    public void resetCount() {
        requests.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
