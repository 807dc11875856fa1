package dev.tapctl.cli;

/** The user declined, or did not confirm, an operation; nothing was changed. */
final class UserAbortException extends RuntimeException {
    private final int exitCode;

    UserAbortException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
