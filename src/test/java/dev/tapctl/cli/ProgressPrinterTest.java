package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
    private static final String CLEAR = "\r\u001B[K";

    private final StringWriter text = new StringWriter();
    private final AtomicLong now = new AtomicLong();

    private Console console(boolean terminal) {
        return new Console(
                new PrintWriter(text, true),
                new PrintWriter(new StringWriter(), true),
                new BufferedReader(new StringReader("")),
                false,
                terminal);
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void onATerminalASummaryOfWhatRunsStaysOnTheLastLine() {
        try (ProgressPrinter printer = new ProgressPrinter(console(true), now::get, 120, false)) {
            printer.started("kms.key", "creating");
            printer.started("data.db", "creating");
            assertThat(text.toString())
                    .endsWith("data.db: creating...\n"
                            + "[0 done, 0 failed, 2 running] kms.key creating 0s, data.db creating 0s");

            advance(Duration.ofSeconds(2));
            printer.finished("kms.key", "creating", Duration.ofSeconds(2));
            advance(Duration.ofSeconds(63));
            printer.status("data.db", "waiting for available");
            assertThat(text.toString())
                    .endsWith(CLEAR + "data.db: waiting for available\n"
                            + "[1 done, 0 failed, 1 running] data.db waiting for available 1m05s");

            advance(Duration.ofSeconds(10));
            printer.redraw();
            assertThat(text.toString())
                    .endsWith(CLEAR + "[1 done, 0 failed, 1 running] data.db waiting for available 1m15s");

            printer.failed("data.db", "creating", new IllegalStateException("boom"), Duration.ofSeconds(75));
            assertThat(text.toString())
                    .as("nothing runs: no summary left behind")
                    .endsWith(CLEAR + "data.db: failed creating [75.0s]\n");
        }
        assertThat(text.toString()).endsWith("data.db: failed creating [75.0s]\n");
    }

    @Test
    void aWaitShowsHowLongOfItsLimitHasPassed() {
        try (ProgressPrinter printer = new ProgressPrinter(console(true), now::get, 120, false)) {
            printer.started("data.db", "creating");
            advance(Duration.ofSeconds(20));
            printer.waiting("data.db", "waiting for available", Duration.ofMinutes(90));
            assertThat(text.toString())
                    .endsWith(CLEAR + "data.db: waiting for available (limit 90m)\n"
                            + "[0 done, 0 failed, 1 running] data.db waiting for available (0s of 90m)");

            advance(Duration.ofSeconds(250));
            printer.redraw();
            assertThat(text.toString())
                    .endsWith(CLEAR + "[0 done, 0 failed, 1 running] data.db waiting for available (4m10s of 90m)");

            printer.status("data.db", "setting tags");
            assertThat(text.toString())
                    .as("a status after the wait ends it")
                    .endsWith("[0 done, 0 failed, 1 running] data.db setting tags 4m30s");
            printer.finished("data.db", "creating", Duration.ofSeconds(270));
        }
    }

    @Test
    void pipedOutputNamesAWaitsLimit() {
        try (ProgressPrinter printer = new ProgressPrinter(console(false))) {
            printer.started("data.db", "creating");
            printer.waiting("data.db", "waiting for available", Duration.ofHours(2));
        }
        assertThat(text.toString()).isEqualTo("data.db: creating...\ndata.db: waiting for available (limit 2h)\n");
    }

    @Test
    void theSummaryIsCutToTheTerminalsWidthSoThatItCanBeRedrawn() {
        try (ProgressPrinter printer = new ProgressPrinter(console(true), now::get, 40, false)) {
            printer.started("network.subnet.private-1", "creating");
            printer.started("network.subnet.private-2", "creating");
            String last = text.toString().substring(text.toString().lastIndexOf('\n') + 1);
            assertThat(last)
                    .hasSize(40)
                    .startsWith("[0 done, 0 failed, 2 running]")
                    .endsWith("…");
            printer.finished("network.subnet.private-1", "creating", Duration.ZERO);
            printer.finished("network.subnet.private-2", "creating", Duration.ZERO);
        }
    }

    @Test
    void pipedOutputGetsPlainLinesOnly() {
        try (ProgressPrinter printer = new ProgressPrinter(console(false))) {
            printer.started("kms.key", "creating");
            printer.status("kms.key", "waiting");
            printer.finished("kms.key", "creating", Duration.ofMillis(1500));
        }
        assertThat(text.toString()).isEqualTo("kms.key: creating...\nkms.key: waiting\nkms.key: created [1.5s]\n");
    }
}
