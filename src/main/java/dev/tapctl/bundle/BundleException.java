package dev.tapctl.bundle;

/** A function folder that cannot be bundled (missing, empty, holding a symbolic link, ...); the message names it. */
public class BundleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public BundleException(String message) {
        super(message);
    }
}
