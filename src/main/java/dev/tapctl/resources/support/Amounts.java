package dev.tapctl.resources.support;

import java.util.Locale;

/** Counts and sizes as a plan line shows them: "3 items", "1.5 KiB". */
public final class Amounts {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    private Amounts() {}

    /** {@code n} and the noun, plural unless {@code n} is 1 ("1 item", "3 items"). */
    public static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    /** A byte size in binary units, one decimal above a KiB ("512 bytes", "1.5 KiB"). */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return count(bytes, "byte");
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
