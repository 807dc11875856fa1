package dev.tapctl.engine.spi;

/**
 * A value that exists only once an upstream resource has been created ("known after apply").
 * Specs carry it as a reserved string so that they stay plain records. The engine never hands a
 * spec holding one to create or update; delete may get one (in a field derived from an upstream
 * that is already gone), so a delete uses only fields the configuration itself sets.
 */
public final class Unknown {
    private static final String PREFIX = "${known-after-apply:";
    private static final String SUFFIX = "}";

    private Unknown() {}

    /** The placeholder for output {@code key} of resource {@code id}. */
    public static String of(String id, String key) {
        return PREFIX + id + "." + key + SUFFIX;
    }

    /**
     * The placeholder for a fact of the account rather than of a resource (its id, its zones):
     * what a plan does not know in the moment before tapctl's first questions are answered.
     */
    public static String ofAccount(String key) {
        return of(ACCOUNT, key);
    }

    /** Whether {@code text} holds a placeholder of {@link #ofAccount}. */
    public static boolean holdsAccountFact(String text) {
        return text.contains(PREFIX + ACCOUNT + ".");
    }

    /** Not a logical id: those have a layer and a name ("data.db"). */
    private static final String ACCOUNT = "aws";

    public static boolean isUnknown(Object value) {
        return value instanceof String s && s.contains(PREFIX);
    }

    /** Human form: every placeholder inside {@code value} becomes "(known after apply)". */
    public static String display(String value) {
        return value.replaceAll("\\$\\{known-after-apply:[^}]*}", "(known after apply)");
    }
}
