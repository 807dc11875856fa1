package dev.tapctl.engine.spi;

/** What destroy did to one resource; {@code detail} names a snapshot id or why it was kept. */
public record DeleteResult(Outcome outcome, String detail) {
    public enum Outcome {
        DELETED,
        SNAPSHOTTED,
        RETAINED,
        SCHEDULED
    }

    public static DeleteResult deleted() {
        return new DeleteResult(Outcome.DELETED, "");
    }

    /** Deletion asked for and under way, done by AWS later; {@code detail} says when or how to undo it. */
    public static DeleteResult scheduled(String detail) {
        return new DeleteResult(Outcome.SCHEDULED, detail);
    }

    public static DeleteResult retained(String why) {
        return new DeleteResult(Outcome.RETAINED, why);
    }
}
