package dev.tapctl.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Where a command writes and, for confirmations, what the user types. {@code terminal}: output
 * goes to a terminal, where a line may be redrawn (a live summary); {@code color}: ANSI colours.
 */
record Console(PrintWriter out, PrintWriter err, BufferedReader in, boolean color, boolean terminal) {

    /** The same console without colours (--no-color, NO_COLOR). */
    Console withoutColor() {
        return new Console(out, err, in, false, terminal);
    }

    /** Asks a question; an empty answer or end of input is "no answer". */
    String ask(String question) {
        out.print(question);
        out.flush();
        try {
            String line = in.readLine();
            return line == null ? "" : line.trim();
        } catch (IOException e) {
            return "";
        }
    }

    String paint(String ansi, String text) {
        return color ? "\u001B[" + ansi + "m" + text + "\u001B[0m" : text;
    }
}
