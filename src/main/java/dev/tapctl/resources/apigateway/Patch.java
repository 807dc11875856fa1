package dev.tapctl.resources.apigateway;

import dev.tapctl.engine.spi.AttributeChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.apigateway.model.PatchOperation;

/**
 * The patch operations of one Update* call of API Gateway, which changes an object by a list of
 * JSON-patch-like operations ("PatchOperation", API Gateway API Reference): the attributes the
 * plan found changed each become the operations that set them, in the order they are added.
 */
final class Patch {
    /** Null: every attribute counts as changed (settings a create call does not take). */
    private final Set<String> changed;

    private final List<PatchOperation> operations = new ArrayList<>();

    private Patch(Set<String> changed) {
        this.changed = changed;
    }

    /** Operations for the attributes {@code changes} names. */
    static Patch of(List<AttributeChange> changes) {
        return new Patch(changes.stream().map(AttributeChange::path).collect(Collectors.toSet()));
    }

    /** Operations for every attribute, as a new object needs them. */
    static Patch all() {
        return new Patch(null);
    }

    /** Whether the attribute at {@code path} (an {@link AttributeChange} path) is to be written. */
    boolean changed(String path) {
        return changed == null || changed.contains(path);
    }

    /** A replace of {@code patchPath} with {@code value} when {@code attribute} changed. */
    Patch replace(String attribute, String patchPath, String value) {
        return changed(attribute) ? add(ApiGatewaySupport.replace(patchPath, value)) : this;
    }

    /** An operation written whatever changed. */
    Patch add(PatchOperation operation) {
        operations.add(operation);
        return this;
    }

    List<PatchOperation> operations() {
        return List.copyOf(operations);
    }

    /** Makes the Update* call with the operations, unless there are none (a change of tags only). */
    void send(Consumer<List<PatchOperation>> update) {
        if (!operations.isEmpty()) {
            update.accept(operations());
        }
    }
}
