package dev.tapctl.aws;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.retry.NewRetries2026Resolver;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * How many attempts each AWS call gets, and in which retry mode: what the user set, the way the
 * AWS SDK for Java 2.x reads it, else tapctl's default for a long infrastructure run.
 *
 * <p>The two are resolved separately, each from the first of these that is set:
 * <ul>
 *   <li>mode: the {@code aws.retryMode} system property, {@code AWS_RETRY_MODE}, the profile's
 *       {@code retry_mode}; else {@link #DEFAULT_MODE}. This is the SDK's own
 *       {@link RetryMode#resolver()} (the one its client builder uses), given tapctl's default.</li>
 *   <li>attempts: the {@code aws.maxAttempts} system property, {@code AWS_MAX_ATTEMPTS}, the
 *       profile's {@code max_attempts}; else {@link #DEFAULT_MAX_ATTEMPTS}. This is the order of the
 *       SDK's {@code MaxAttemptsResolver} (internal to the SDK, so its steps are taken here with the
 *       same public pieces: {@link SdkSystemSetting#AWS_MAX_ATTEMPTS}, {@link ProfileProperty#MAX_ATTEMPTS}).</li>
 * </ul>
 * The profile is the one named by {@code --profile}, else {@code AWS_PROFILE} (or the
 * {@code aws.profile} system property), else {@code default}, in the SDK's default profile files
 * ({@code AWS_CONFIG_FILE} / {@code aws.configFile}, {@code AWS_SHARED_CREDENTIALS_FILE}).
 *
 * <p>Two deliberate differences from a client left to the SDK 2.57.8 defaults: the profile's
 * {@code max_attempts} is read always (the SDK reads it only when {@code AWS_NEW_RETRIES_2026} is
 * true; the AWS CLI and the SDKs and Tools Reference Guide read it always), and the profile is
 * the one tapctl was told to use, not only {@code AWS_PROFILE}. {@code AWS_NEW_RETRIES_2026}
 * itself is passed on to the SDK unchanged (its backoff timings and retry conditions).
 */
public final class RetryBudget {
    /**
     * STANDARD, not ADAPTIVE: adaptive mode adds a client-side rate limiter that assumes one client
     * per throttled resource; tapctl shares one client per service across every resource of the
     * stack (an EC2 client describes, creates and tags VPCs, subnets and instances), so one throttled
     * API would slow every other call of that client. AWS recommends standard for all workloads
     * but single-resource, latency-tolerant ones.
     */
    public static final RetryMode DEFAULT_MODE = RetryMode.STANDARD;
    /**
     * An apply makes hundreds of calls and runs for many minutes; the SDK's 3 attempts give up on
     * a call that meets a short burst of throttling or 5xx (at 30% failing attempts, 2.7% of the
     * calls fail outright). 10 attempts with the SDK's backoff (exponential with jitter, capped at
     * 20 s) ride out about a minute of trouble per call. Terraform's AWS provider allows 25.
     */
    public static final int DEFAULT_MAX_ATTEMPTS = 10;

    private final RetryMode mode;
    private final int maxAttempts;
    private final String modeSource;
    private final String attemptsSource;
    private final boolean newRetries2026;

    private RetryBudget(
            RetryMode mode, String modeSource, int maxAttempts, String attemptsSource, boolean newRetries2026) {
        this.mode = mode;
        this.modeSource = modeSource;
        this.maxAttempts = maxAttempts;
        this.attemptsSource = attemptsSource;
        this.newRetries2026 = newRetries2026;
    }

    /** The budget in force for {@code profileName} (null: the SDK's choice, AWS_PROFILE or default). */
    public static RetryBudget resolve(String profileName) {
        String profile =
                profileName != null ? profileName : ProfileFileSystemSetting.AWS_PROFILE.getStringValueOrThrow();
        Supplier<ProfileFile> profiles = new Supplier<>() {
            private ProfileFile loaded;

            @Override
            public synchronized ProfileFile get() {
                if (loaded == null) {
                    loaded = ProfileFile.defaultProfileFile();
                }
                return loaded;
            }
        };
        RetryMode mode;
        try {
            mode = RetryMode.resolver()
                    .profileFile(profiles)
                    .profileName(profile)
                    .defaultRetryMode(DEFAULT_MODE)
                    .resolve();
        } catch (IllegalStateException e) {
            throw new InvalidSettingException("the retry mode (" + modeOrigin(profile)
                    + ") is not one the AWS SDK knows: " + e.getMessage() + "; use standard, adaptive or legacy");
        }
        String modeSource = setting(
                        SdkSystemSetting.AWS_RETRY_MODE.property(),
                        SdkSystemSetting.AWS_RETRY_MODE.environmentVariable())
                .orElseGet(() -> profileValue(profiles, profile, ProfileProperty.RETRY_MODE)
                                .isPresent()
                        ? "retry_mode of profile " + profile
                        : "tapctl's default");

        String attemptsSource;
        String attempts;
        Optional<String> fromSystem = SdkSystemSetting.AWS_MAX_ATTEMPTS.getStringValue();
        if (fromSystem.isPresent()) {
            attempts = fromSystem.get();
            attemptsSource = setting(
                            SdkSystemSetting.AWS_MAX_ATTEMPTS.property(),
                            SdkSystemSetting.AWS_MAX_ATTEMPTS.environmentVariable())
                    .orElseThrow();
        } else {
            Optional<String> fromProfile = profileValue(profiles, profile, ProfileProperty.MAX_ATTEMPTS);
            attempts = fromProfile.orElse(null);
            attemptsSource = fromProfile.isPresent() ? "max_attempts of profile " + profile : "tapctl's default";
        }
        int maxAttempts = attempts == null ? DEFAULT_MAX_ATTEMPTS : parseAttempts(attempts, attemptsSource);
        boolean newRetries = new NewRetries2026Resolver().resolve();
        return new RetryBudget(mode, modeSource, maxAttempts, attemptsSource, newRetries);
    }

    public RetryMode mode() {
        return mode;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** E.g. "standard mode (tapctl's default), 10 attempts (tapctl's default)". */
    public String describe() {
        return mode.name().replace("_V2", "").toLowerCase(java.util.Locale.ROOT) + " mode (" + modeSource + "), "
                + maxAttempts + (maxAttempts == 1 ? " attempt" : " attempts") + " (" + attemptsSource + ")";
    }

    /**
     * The SDK's strategy for this mode (its retry conditions and backoff) with this many attempts;
     * {@code fixedBackoff}, when not null, replaces its delays (tests, so that they never sleep).
     * A new strategy each call: each client has its own retry quota, as a client built by the SDK does.
     */
    public RetryStrategy strategy(Duration fixedBackoff) {
        RetryStrategy.Builder<?, ?> builder =
                AwsRetryStrategy.forRetryMode(mode, newRetries2026).toBuilder().maxAttempts(maxAttempts);
        if (fixedBackoff != null) {
            BackoffStrategy fixed = BackoffStrategy.fixedDelayWithoutJitter(fixedBackoff);
            builder.backoffStrategy(fixed).throttlingBackoffStrategy(fixed);
        }
        return builder.build();
    }

    private static Optional<String> profileValue(Supplier<ProfileFile> profiles, String profile, String property) {
        return profiles.get().profile(profile).flatMap((Profile p) -> p.property(property));
    }

    /** Which of a system property and its environment variable is set (the SDK reads the property first). */
    private static Optional<String> setting(String property, String environmentVariable) {
        if (System.getProperty(property) != null) {
            return Optional.of("system property " + property);
        }
        if (System.getenv(environmentVariable) != null) {
            return Optional.of(environmentVariable);
        }
        return Optional.empty();
    }

    private static String modeOrigin(String profile) {
        return setting(
                        SdkSystemSetting.AWS_RETRY_MODE.property(),
                        SdkSystemSetting.AWS_RETRY_MODE.environmentVariable())
                .orElse("retry_mode of profile " + profile);
    }

    private static int parseAttempts(String value, String source) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSettingException(source + " is '" + value + "': the maximum number of attempts must be a "
                + "whole number of at least 1");
    }

    /** A retry setting of the user's that the SDK would refuse; said before any AWS call. */
    public static final class InvalidSettingException extends IllegalArgumentException {
        InvalidSettingException(String message) {
            super(message);
        }
    }
}
