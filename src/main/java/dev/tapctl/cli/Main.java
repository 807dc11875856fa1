package dev.tapctl.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/** Entry point of the runnable jar. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        boolean terminal = System.console() != null;
        int code = Tapctl.commandLine(out, err, System.in, terminal, UnaryOperator.identity())
                .execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
