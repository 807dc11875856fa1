package dev.tapctl.reliability;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP proxy in front of the emulator that answers a seeded share of the requests it
 * receives with HTTP 503 and an empty body, as an overloaded load balancer in front of AWS does: no
 * error code, no message, no request id. Every other request is forwarded as it came (method, path,
 * query, headers including {@code Host} and {@code Authorization}, body) and the emulator's answer is
 * passed back unchanged. A refused request never reaches the emulator, so it has no side effect.
 *
 * <p>Requests are counted per AWS service, read from the SigV4 credential scope of their
 * {@code Authorization} header, so a test can show that every service went through the proxy.
 *
 * <p>Keeping {@code Host} matters: the emulator builds URLs from it (an SQS queue URL, say), which a
 * client then calls directly; with the emulator's own host those calls would bypass the proxy. The
 * JDK's HTTP client sends a {@code Host} of one's choosing only with the system property
 * {@code jdk.httpclient.allowRestrictedHeaders=host} set when the JVM starts (pom.xml sets it for
 * the integration tests); without it every forward fails, loudly.
 */
final class UnavailableProxy implements AutoCloseable {
    private static final Pattern SERVICE = Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request");
    /** Hop-by-hop or computed by the JDK's client and server themselves. */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection",
            "content-length",
            "expect",
            "upgrade",
            "transfer-encoding",
            "keep-alive",
            "proxy-connection",
            "te",
            "trailer",
            "http2-settings",
            "date");

    private final URI target;
    private final double refusedShare;
    private final Random random;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(48, r -> {
        Thread thread = new Thread(r, "unavailable-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(HttpClient.Builder.NO_PROXY)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger forwardFailures = new AtomicInteger();
    private final Map<String, AtomicInteger> forwardedByService = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> refusedByService = new ConcurrentHashMap<>();

    private UnavailableProxy(URI target, double refusedShare, long seed) {
        if (!InetAddress.getLoopbackAddress().getHostAddress().equals(target.getHost())
                && !"localhost".equals(target.getHost())) {
            throw new IllegalArgumentException("the proxy forwards to loopback only, not " + target);
        }
        this.target = target;
        this.refusedShare = refusedShare;
        this.random = new Random(seed);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Started on a free loopback port, forwarding to {@code target} (the emulator). */
    static UnavailableProxy inFrontOf(URI target, double refusedShare, long seed) {
        return new UnavailableProxy(target, refusedShare, seed);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int received() {
        return received.get();
    }

    int refused() {
        return refused.get();
    }

    /** Forwards the emulator could not be reached for (answered 502): a broken test set-up, not a fault under test. */
    int forwardFailures() {
        return forwardFailures.get();
    }

    Map<String, Integer> forwardedByService() {
        return snapshot(forwardedByService);
    }

    Map<String, Integer> refusedByService() {
        return snapshot(refusedByService);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            received.incrementAndGet();
            String service = service(exchange.getRequestHeaders());
            boolean refuse;
            synchronized (random) {
                refuse = random.nextDouble() < refusedShare;
            }
            if (refuse) {
                refused.incrementAndGet();
                count(refusedByService, service);
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            count(forwardedByService, service);
            HttpResponse<byte[]> answer;
            try {
                answer = client.send(forward(exchange, body), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException | RuntimeException e) {
                forwardFailures.incrementAndGet();
                byte[] why = ("proxy could not forward: " + e).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(502, why.length);
                exchange.getResponseBody().write(why);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            Headers headers = exchange.getResponseHeaders();
            answer.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    headers.put(name, List.copyOf(values));
                }
            });
            byte[] content = answer.body();
            boolean noBody = content.length == 0
                    || "HEAD".equals(exchange.getRequestMethod())
                    || answer.statusCode() == 204
                    || answer.statusCode() == 304;
            exchange.sendResponseHeaders(answer.statusCode(), noBody ? -1 : content.length);
            if (!noBody) {
                exchange.getResponseBody().write(content);
            }
        }
    }

    private HttpRequest forward(HttpExchange exchange, byte[] body) {
        URI uri = URI.create(target.toString().replaceAll("/$", "")
                + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null
                        ? ""
                        : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .method(
                        exchange.getRequestMethod(),
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return request.build();
    }

    private static String service(Headers headers) {
        String authorization = headers.getFirst("Authorization");
        if (authorization == null) {
            return "(unsigned)";
        }
        Matcher m = SERVICE.matcher(authorization);
        return m.find() ? m.group(1) : "(unknown)";
    }

    private static void count(Map<String, AtomicInteger> counts, String service) {
        counts.computeIfAbsent(service, k -> new AtomicInteger()).incrementAndGet();
    }

    private static Map<String, Integer> snapshot(Map<String, AtomicInteger> counts) {
        Map<String, Integer> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
