package dev.tapctl.engine;

/** {@code tapctl import} refused, before it wrote anything; the message says why. */
public final class ImportRefusedException extends RuntimeException {
    public ImportRefusedException(String message) {
        super(message);
    }
}
