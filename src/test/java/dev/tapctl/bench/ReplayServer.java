package dev.tapctl.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for AWS that answers each request as the emulator answered it before, so
 * that the plan's wall time with latency injected can be told apart from the emulator's own time.
 *
 * <p>Why: the emulator is one Python process; AWS answers calls in parallel. Recording the
 * emulator's answers while it is asked (a first plan) and replaying them (later plans, byte for
 * byte, with the real SDK clients, engine and handlers in front) leaves what is tapctl's: its
 * rounds of calls, and its own time. The bench measured both: the replayed plan was no faster,
 * so what a round takes beyond the injected 100 ms is the client's time, not the emulator's.
 *
 * <p>A request is matched by its method, path and query, target header and body (the signature
 * and date headers differ every time). A replayed request that was never recorded is forwarded
 * to the emulator and counted ({@link #misses}), so a figure measured with misses says so.
 */
final class ReplayServer implements AutoCloseable {
    /** Headers the JDK client sets itself (or refuses to be given). */
    private static final Set<String> RESTRICTED =
            Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

    private record Answer(int status, Map<String, List<String>> headers, byte[] body) {}

    private final URI emulator;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "replay");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient forward =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Answer> recorded = new ConcurrentHashMap<>();
    private final AtomicInteger replayed = new AtomicInteger();
    private final AtomicInteger misses = new AtomicInteger();
    private volatile boolean replaying;

    private ReplayServer(URI emulator) throws IOException {
        this.emulator = emulator;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.createContext("/", this::answer);
        server.setExecutor(threads);
        server.start();
    }

    static ReplayServer recording(URI emulator) {
        try {
            return new ReplayServer(emulator);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the replay server on loopback", e);
        }
    }

    URI uri() {
        return URI.create("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort());
    }

    /** From now on, answers from what was recorded. */
    void replay() {
        replaying = true;
    }

    int recordedAnswers() {
        return recorded.size();
    }

    int replayed() {
        return replayed.get();
    }

    /** Requests asked while replaying that had not been recorded (forwarded to the emulator). */
    int misses() {
        return misses.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String key = key(exchange, body);
            Answer answer = replaying ? recorded.get(key) : null;
            if (answer != null) {
                replayed.incrementAndGet();
            } else {
                if (replaying) {
                    misses.incrementAndGet();
                }
                answer = forwardToEmulator(exchange, body);
                if (!replaying) {
                    recorded.put(key, answer);
                }
            }
            answer.headers().forEach((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            boolean empty =
                    answer.body().length == 0 || exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(answer.status(), empty ? -1 : answer.body().length);
            if (!empty) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        }
    }

    private Answer forwardToEmulator(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        emulator.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                try {
                    values.forEach(value -> request.header(name, value));
                } catch (IllegalArgumentException e) {
                    // Another header the JDK client sets itself (Date); the emulator does not check it.
                }
            }
        });
        try {
            HttpResponse<InputStream> response =
                    forward.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                return new Answer(response.statusCode(), response.headers().map(), in.readAllBytes());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the emulator", e);
        }
    }

    private static String key(HttpExchange exchange, byte[] body) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        return exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + target + " " + sha256(body);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
