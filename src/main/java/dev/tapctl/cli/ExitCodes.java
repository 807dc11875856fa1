package dev.tapctl.cli;

/** Every exit code tapctl uses, in one place (the README lists the same). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    /** Only with {@code plan --detailed-exitcode}: the plan has changes. */
    public static final int CHANGES = 2;
    /** Bad command line (sysexits EX_USAGE). */
    public static final int USAGE = 64;
    /**
     * Invalid configuration (sysexits EX_DATAERR), including one the region cannot hold
     * ({@code network.azCount} above its availability zones): the fix is in the configuration
     * or {@code --region}, and running again unchanged cannot succeed.
     */
    public static final int CONFIG = 65;
    /** Another run holds the environment's lock (sysexits EX_TEMPFAIL). */
    public static final int LOCKED = 75;
    /** Stopped by SIGINT (128 + 2, as shells report it). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
