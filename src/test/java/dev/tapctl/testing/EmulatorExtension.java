package dev.tapctl.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs tests against the local AWS emulator: {@code python3 scripts/emulator.py} (moto plus
 * the project's patches), started once per test JVM on a free loopback port, wiped before
 * every test, and resolved as an {@link Emulator} parameter.
 *
 * <p>Where python3 or moto is missing the tests are skipped with the reason
 * {@value #MOTO_MISSING}; when the environment variable {@code CI} is {@code true} they fail
 * instead, so CI never passes by skipping. The emulator's own output (moto's request log) goes
 * to {@code target/emulator.log}.
 */
public final class EmulatorExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    static final String MOTO_MISSING = "moto not installed: pip install \"moto[server]\"";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(EmulatorExtension.class);
    private static final Pattern READY = Pattern.compile("^emulator ready on (http://\\S+)$");
    private static final long READY_TIMEOUT_SECONDS = 60;

    /** Starts the emulator early; a missing moto is reported per test (beforeEach), so each shows as skipped. */
    @Override
    public void beforeAll(ExtensionContext context) {
        Server server = server(context);
        if (server.unavailable == null || onCi()) {
            running(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        running(context).emulator().reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Emulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return running(extensionContext).emulator();
    }

    /** The one emulator of this JVM, started on first use; skips or fails the test if it cannot run. */
    private static Server running(ExtensionContext context) {
        Server server = server(context);
        if (server.unavailable != null) {
            if (onCi()) {
                throw new IllegalStateException(MOTO_MISSING + " (CI=true: emulator tests must run, not be skipped; "
                        + server.unavailable + ")");
            }
            Assumptions.abort(MOTO_MISSING);
        }
        if (server.failure != null) {
            throw server.failure;
        }
        return server;
    }

    private static Server server(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Server.class, key -> Server.launch(), Server.class);
    }

    private static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * The launched emulator process, or why there is none. Kept in the root store, which closes it
     * when the test run ends; a shutdown hook kills it if the JVM dies first.
     */
    static final class Server implements AutoCloseable {
        final Emulator emulator;
        final Process process;
        final String unavailable;
        final RuntimeException failure;
        private final Thread shutdownHook;

        private Server(Emulator emulator, Process process, String unavailable, RuntimeException failure) {
            this.emulator = emulator;
            this.process = process;
            this.unavailable = unavailable;
            this.failure = failure;
            this.shutdownHook = process == null ? null : new Thread(() -> stop(process), "emulator-shutdown");
            if (shutdownHook != null) {
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
        }

        Emulator emulator() {
            return emulator;
        }

        static Server launch() {
            Path baseDir = baseDir();
            String missing = motoMissing(baseDir);
            if (missing != null) {
                if (!onCi()) {
                    System.err.println(
                            "[tapctl emulator] " + MOTO_MISSING + " -- emulator tests are skipped (" + missing + ")");
                }
                return new Server(null, null, missing, null);
            }
            Path launcher = baseDir.resolve("scripts").resolve("emulator.py");
            Path log = baseDir.resolve("target").resolve("emulator.log");
            Process process = null;
            try {
                Files.createDirectories(log.getParent());
                // Port 0: the launcher binds a free loopback port itself (no race with other JVMs)
                // and names it in its ready line.
                ProcessBuilder builder = new ProcessBuilder(
                                "python3", launcher.toString(), "--host", "127.0.0.1", "--port", "0")
                        .directory(baseDir.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                        .redirectError(ProcessBuilder.Redirect.to(log.toFile()));
                scrubEnvironment(builder.environment());
                process = builder.start();
                URI endpoint = awaitReady(process, log);
                return new Server(Emulator.at(endpoint), process, null, null);
            } catch (IOException | RuntimeException e) {
                if (process != null) {
                    stop(process);
                }
                RuntimeException failure = e instanceof RuntimeException re
                        ? re
                        : new UncheckedIOException("could not start the emulator: " + e.getMessage(), (IOException) e);
                return new Server(null, null, null, failure);
            }
        }

        private static URI awaitReady(Process process, Path log) {
            CompletableFuture<URI> ready = new CompletableFuture<>();
            List<String> stdout = new ArrayList<>();
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader in = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = in.readLine()) != null) {
                                Matcher m = READY.matcher(line.strip());
                                if (!ready.isDone() && m.matches()) {
                                    ready.complete(URI.create(m.group(1)));
                                } else {
                                    synchronized (stdout) {
                                        stdout.add(line);
                                    }
                                }
                            }
                        } catch (IOException ignored) {
                            // the process went away; handled below
                        }
                        ready.completeExceptionally(
                                new IllegalStateException("the emulator exited before it was ready"));
                    },
                    "emulator-stdout");
            reader.setDaemon(true);
            reader.start();
            try {
                return ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                String why = e instanceof TimeoutException
                        ? "the emulator was not ready after " + READY_TIMEOUT_SECONDS + " s"
                        : e.getCause().getMessage();
                stop(process);
                String out;
                synchronized (stdout) {
                    out = String.join("\n", stdout);
                }
                throw new IllegalStateException(
                        why + exitCode(process) + "\n--- stdout ---\n" + out + "\n--- " + log + " ---\n" + tail(log),
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(process);
                throw new IllegalStateException("interrupted while starting the emulator", e);
            }
        }

        /** Null if python3 can import moto's server, else what went wrong. */
        private static String motoMissing(Path baseDir) {
            try {
                ProcessBuilder builder = new ProcessBuilder("python3", "-c", "import moto, moto.server")
                        .directory(baseDir.toFile())
                        .redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
                scrubEnvironment(builder.environment());
                Process probe = builder.start();
                String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!probe.waitFor(60, TimeUnit.SECONDS)) {
                    probe.destroyForcibly();
                    return "python3 -c 'import moto' did not finish in 60 s";
                }
                return probe.exitValue() == 0 ? null : "python3 -c 'import moto' failed: " + output.strip();
            } catch (IOException e) {
                return "python3 not runnable: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while looking for moto";
            }
        }

        /** The Maven project directory: surefire's {@code basedir}, else the working directory. */
        private static Path baseDir() {
            String basedir = System.getProperty("basedir");
            return Path.of(basedir != null && !basedir.isBlank() ? basedir : System.getProperty("user.dir"))
                    .toAbsolutePath();
        }

        /** The emulator needs no AWS settings; keep the test JVM's (dummy endpoint etc.) away from it. */
        private static void scrubEnvironment(Map<String, String> env) {
            env.keySet().removeIf(name -> name.startsWith("AWS_"));
            env.put("PYTHONUNBUFFERED", "1");
        }

        private static java.io.File nullDevice() {
            return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
        }

        private static String exitCode(Process process) {
            return process.isAlive() ? "" : " (exit code " + process.exitValue() + ")";
        }

        private static String tail(Path log) {
            try {
                String text = Files.readString(log, StandardCharsets.UTF_8);
                return text.length() > 8000 ? "..." + text.substring(text.length() - 8000) : text;
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        private static void stop(Process process) {
            if (!process.isAlive()) {
                return;
            }
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }

        @Override
        public void close() {
            if (process == null) {
                return;
            }
            stop(process);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run
            }
        }
    }
}
