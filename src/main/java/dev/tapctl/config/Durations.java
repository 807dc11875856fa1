package dev.tapctl.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the configuration writes them and progress lines show them: 30s, 90m, 2h, 1h30m. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(?:(\\d{1,5})h)?(?:(\\d{1,5})m)?(?:(\\d{1,5})s)?");

    private Durations() {}

    /** {@code text} as hours, minutes and seconds (each optional, in that order); empty if it is not one. */
    public static Optional<Duration> parse(String text) {
        Matcher matcher = DURATION.matcher(text);
        if (text.isEmpty() || !matcher.matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        total = total.plusHours(part(matcher.group(1)));
        total = total.plusMinutes(part(matcher.group(2)));
        return Optional.of(total.plusSeconds(part(matcher.group(3))));
    }

    /** As a person would write it: 45s, 4m10s, 90m (whole minutes stay minutes), 2h, 1h04m10s. */
    public static String format(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds > 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds > 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm%02ds", seconds / 3600, seconds % 3600 / 60, seconds % 60);
    }

    private static long part(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
