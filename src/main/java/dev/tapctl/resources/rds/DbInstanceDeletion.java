package dev.tapctl.resources.rds;

import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.resources.support.Missing;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * The deletion of a DB instance, with or without a final snapshot. Each step waits for the one
 * before: RDS refuses to delete an instance that is not available yet (being created, or modified
 * to lift its protection), and the deletion is over only once the instance is gone (the SDK's
 * DBInstanceDeleted waiter), which is when its subnet group and security groups are free.
 */
record DbInstanceDeletion(RdsClient rds, DbInstances instances, FinalSnapshots snapshots) {
    /** Statuses of an instance whose deletion is already under way. */
    private static final Set<String> BEING_DELETED = Set.of("delete-precheck", "deleting");

    /**
     * Deletion protection is lifted (RDS refuses to delete a protected instance), the instance is
     * deleted, with a final snapshot when {@code keepSnapshot}, and the snapshot is confirmed to
     * exist before the result says so. An instance whose deletion is already under way (a run that
     * stopped after its DeleteDBInstance) is only waited for.
     */
    DeleteResult delete(DbInstanceHandler.Live live, boolean keepSnapshot, HandlerContext ctx) {
        String identifier = live.identifier();
        if (BEING_DELETED.contains(live.status())) {
            return underWay(identifier, keepSnapshot, ctx);
        }
        DbInstanceHandler.Live current = instances.settled(live, ctx);
        if (current.deletionProtection()) {
            ctx.status("lifting deletion protection");
            rds.modifyDBInstance(r ->
                    r.dbInstanceIdentifier(identifier).deletionProtection(false).applyImmediately(true));
            // "modifying" until the protection is off; RDS refuses DeleteDBInstance meanwhile.
            instances.waitAvailable(identifier, ctx);
        }
        String snapshot = snapshots.newName(identifier);
        boolean deleting = Missing.ok(
                () -> rds.deleteDBInstance(r -> {
                    r.dbInstanceIdentifier(identifier).deleteAutomatedBackups(false);
                    if (keepSnapshot) {
                        r.skipFinalSnapshot(false).finalDBSnapshotIdentifier(snapshot);
                    } else {
                        r.skipFinalSnapshot(true);
                    }
                }),
                DbInstanceNotFoundException.class);
        if (!deleting) {
            return DeleteResult.deleted();
        }
        instances.waitDeleted(identifier, "deleted", ctx);
        if (!keepSnapshot) {
            return DeleteResult.deleted();
        }
        if (!snapshots.exists(snapshot)) {
            throw new IllegalStateException("DB instance " + identifier + " was deleted but its final snapshot "
                    + snapshot + " cannot be found");
        }
        return new DeleteResult(DeleteResult.Outcome.SNAPSHOTTED, snapshot);
    }

    /**
     * A deletion someone already asked for goes on by itself: waited for. The final snapshot
     * reported is the newest of the ones named as {@link FinalSnapshots} names them; none means
     * the deletion skipped one, which SNAPSHOT cannot accept.
     */
    private DeleteResult underWay(String identifier, boolean keepSnapshot, HandlerContext ctx) {
        instances.waitDeleted(identifier, "deleted (its deletion was under way)", ctx);
        if (!keepSnapshot) {
            return DeleteResult.deleted();
        }
        List<String> taken = snapshots.of(identifier);
        if (taken.isEmpty()) {
            throw new IllegalStateException("DB instance " + identifier + " was already being deleted, and no final "
                    + "snapshot " + FinalSnapshots.prefix(identifier) + "<UTC time> of it is found");
        }
        return new DeleteResult(DeleteResult.Outcome.SNAPSHOTTED, taken.get(taken.size() - 1));
    }
}
