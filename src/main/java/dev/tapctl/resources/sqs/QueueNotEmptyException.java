package dev.tapctl.resources.sqs;

/**
 * Destroy refused to delete a queue that still holds messages. For a dead-letter queue those are
 * the events a function failed to process: deleting the queue loses them for good.
 */
public final class QueueNotEmptyException extends IllegalStateException {
    private final String queueName;
    private final long messageCount;

    public QueueNotEmptyException(String queueName, long messageCount) {
        super("queue " + queueName + " holds " + messageCount + (messageCount == 1 ? " message" : " messages")
                + " (lost events); run with --force to delete them anyway");
        this.queueName = queueName;
        this.messageCount = messageCount;
    }

    public String queueName() {
        return queueName;
    }

    /** Visible + in flight + delayed, as SQS approximately counts them. */
    public long messageCount() {
        return messageCount;
    }
}
