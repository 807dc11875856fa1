package dev.tapctl.resources.rds;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceResponse;

/**
 * RDS moving an instance through its states, over the emulator, where every instance is
 * "available" at once: for the next few DescribeDBInstances answers an instance is "creating",
 * "modifying", "deleting"..., and meanwhile ModifyDBInstance and DeleteDBInstance of it fail with
 * InvalidDBInstanceState, as RDS answers them
 * (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html, Errors).
 * Attached to the handler's clients only; what the test does through other clients is not seen.
 */
final class RdsStates implements ExecutionInterceptor {
    private final Map<String, Deque<String>> statuses = new ConcurrentHashMap<>();
    private final Map<String, Runnable> then = new ConcurrentHashMap<>();
    private volatile int modifyingFor;

    /**
     * The next {@code describes} answers about {@code id} say {@code status}; then {@code after}
     * runs once (e.g. deletes it for real, as RDS would at the end of "deleting").
     */
    synchronized RdsStates pass(String id, String status, int describes, Runnable after) {
        Deque<String> queue = statuses.computeIfAbsent(id, k -> new ArrayDeque<>());
        for (int i = 0; i < describes; i++) {
            queue.add(status);
        }
        if (after != null) {
            then.put(id, after);
        }
        return this;
    }

    /** After each ModifyDBInstance the instance is "modifying" for the next {@code describes} answers. */
    RdsStates modifyingAfterEachChange(int describes) {
        this.modifyingFor = describes;
        return this;
    }

    private synchronized boolean busy(String id) {
        Deque<String> queue = statuses.get(id);
        return queue != null && !queue.isEmpty();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        String id = request instanceof ModifyDbInstanceRequest modify
                ? modify.dbInstanceIdentifier()
                : request instanceof DeleteDbInstanceRequest delete ? delete.dbInstanceIdentifier() : null;
        if (id != null && busy(id)) {
            throw InvalidDbInstanceStateException.builder()
                    .statusCode(400)
                    .message("Instance " + id + " is not available (injected by the test)")
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .serviceName("Rds")
                            .errorCode("InvalidDBInstanceState")
                            .errorMessage("Instance " + id + " is not available")
                            .build())
                    .build();
        }
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (context.response() instanceof ModifyDbInstanceResponse modified && modifyingFor > 0) {
            String id = modified.dbInstance().dbInstanceIdentifier();
            pass(id, "modifying", modifyingFor, null);
            return modified.toBuilder()
                    .dbInstance(modified.dbInstance().toBuilder()
                            .dbInstanceStatus("modifying")
                            .build())
                    .build();
        }
        if (context.response() instanceof DescribeDbInstancesResponse described) {
            return described.toBuilder()
                    .dbInstances(
                            described.dbInstances().stream().map(this::asNow).toList())
                    .build();
        }
        return context.response();
    }

    private DBInstance asNow(DBInstance db) {
        String status;
        Runnable after = null;
        synchronized (this) {
            Deque<String> queue = statuses.get(db.dbInstanceIdentifier());
            status = queue == null ? null : queue.poll();
            if (status != null && queue.isEmpty()) {
                after = then.remove(db.dbInstanceIdentifier());
            }
        }
        if (after != null) {
            after.run();
        }
        return status == null ? db : db.toBuilder().dbInstanceStatus(status).build();
    }
}
