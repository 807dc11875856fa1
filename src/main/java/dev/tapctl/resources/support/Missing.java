package dev.tapctl.resources.support;

import dev.tapctl.engine.spi.DeleteResult;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * "Not found" as an answer rather than an error: a delete, detach or untag whose object is already
 * gone has reached its goal, and a read of an object that does not exist finds nothing. Each use
 * names the errors that mean "not there" for its service (an exception type, or EC2's
 * {@code *.NotFound} codes); any other error is thrown as it was.
 */
public final class Missing {
    private Missing() {}

    /** Runs {@code call}; true if it ran, false if it failed with one of {@code notFound} (already gone). */
    @SafeVarargs
    public static boolean ok(Runnable call, Class<? extends RuntimeException>... notFound) {
        return ok(call, anyOf(notFound));
    }

    /** Runs {@code call}; true if it ran, false if it failed with an error {@code notFound} accepts. */
    public static boolean ok(Runnable call, Predicate<? super RuntimeException> notFound) {
        try {
            call.run();
            return true;
        } catch (RuntimeException e) {
            if (notFound.test(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Runs the delete {@code call} and says the object is deleted, also when the call failed with
     * one of {@code notFound}: an object already gone counts as deleted.
     */
    @SafeVarargs
    public static DeleteResult deleted(Runnable call, Class<? extends RuntimeException>... notFound) {
        ok(call, notFound);
        return DeleteResult.deleted();
    }

    /** The answer of {@code read}, or empty when it fails with one of {@code notFound}. */
    @SafeVarargs
    public static <T> Optional<T> orEmpty(Supplier<T> read, Class<? extends RuntimeException>... notFound) {
        return orEmpty(read, anyOf(notFound));
    }

    /** The answer of {@code read}, or empty when it fails with an error {@code notFound} accepts. */
    public static <T> Optional<T> orEmpty(Supplier<T> read, Predicate<? super RuntimeException> notFound) {
        try {
            return Optional.ofNullable(read.get());
        } catch (RuntimeException e) {
            if (notFound.test(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** An error of any of these types. */
    @SafeVarargs
    public static Predicate<RuntimeException> anyOf(Class<? extends RuntimeException>... types) {
        List<Class<? extends RuntimeException>> all = Arrays.asList(types);
        return e -> all.stream().anyMatch(type -> type.isInstance(e));
    }
}
