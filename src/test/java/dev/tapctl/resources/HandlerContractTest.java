package dev.tapctl.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.HandlerTestSupport;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Deletions;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.resources.ec2.Ec2TestSupport;
import dev.tapctl.resources.ec2.SubnetHandler;
import dev.tapctl.resources.logs.LogGroupHandler;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.LogGroupSpec;
import dev.tapctl.stack.spec.SubnetSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every handler promises, whatever its kind, checked against the emulator for each kind in
 * {@link #kinds()}: RETAIN makes no AWS call and keeps the object; an update whose only change is
 * a new spec hash rewrites the tags and nothing else; a delete of an object already gone is done,
 * without an error; a read of an object that does not exist is empty and changes nothing.
 *
 * <p>Adding a kind is one entry: its kind, how to build its handler from the clients, a sample spec
 * (making through {@link Sample} what the spec points at) and the calls that write its tags.
 */
@ExtendWith(EmulatorExtension.class)
class HandlerContractTest {

    static Stream<Entry<?, ?>> kinds() {
        return Stream.of(
                entry(Kinds.LOG_GROUP, c -> new LogGroupHandler(c.logs()),
                        s -> new LogGroupSpec("/tap/test/contract", 14, s.logsKeyArn(), s.tags("/tap/test/contract")),
                        "TagResource"),
                entry(Kinds.SUBNET, c -> new SubnetHandler(c.ec2(), c.waiterConfig(), c.eventually()),
                        s -> new SubnetSpec("tap-test-contract", s.vpcId(), "10.20.0.0/20", "us-east-1a", false,
                                s.tags("tap-test-contract")),
                        "CreateTags"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    <S, L> void retainMakesNoAwsCallAndKeepsTheObject(Entry<S, L> entry, Emulator emulator) {
        try (Run<S, L> run = new Run<>(entry, emulator)) {
            L live = run.handler.create(run.spec, run.ctx);
            run.calls.clear();

            DeleteResult result = Deletions.byPolicy(run.handler, run.spec, live, DeletionPolicy.RETAIN, run.ctx);

            assertThat(result.outcome()).isEqualTo(DeleteResult.Outcome.RETAINED);
            assertThat(run.calls.calls()).isEmpty();
            assertThat(run.handler.read(run.spec, run.ctx)).isPresent();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    <S, L> void anUpdateWithOnlyANewSpecHashRewritesTheTagsAndNothingElse(Entry<S, L> entry, Emulator emulator) {
        try (Run<S, L> run = new Run<>(entry, emulator)) {
            Assumptions.assumeTrue(SpecHashes.recordedBy(run.handler), "the kind records no spec hash");
            L live = run.handler.create(run.spec, run.ctx);
            run.calls.clear();

            run.handler.update(run.spec, live, List.of(), new TestContext(run.ctx.logicalId(), "hash-2"));

            assertThat(run.calls.mutating()).extracting(CallLog.Call::operation)
                    .containsExactlyElementsOf(entry.tagWrites());
            L read = run.handler.read(run.spec, run.ctx).orElseThrow();
            assertThat(SpecHashes.applied(run.handler, read)).contains("hash-2");
            assertThat(run.handler.diff(run.spec, read)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    <S, L> void aDeleteOfAnObjectAlreadyGoneIsDone(Entry<S, L> entry, Emulator emulator) {
        try (Run<S, L> run = new Run<>(entry, emulator)) {
            L live = run.handler.create(run.spec, run.ctx);
            DeleteResult first = Deletions.byPolicy(run.handler, run.spec, live, DeletionPolicy.DELETE, run.ctx);
            assertThat(run.handler.read(run.spec, run.ctx)).as("after the delete").isEmpty();

            DeleteResult again = Deletions.byPolicy(run.handler, run.spec, live, DeletionPolicy.DELETE, run.ctx);
            assertThat(again.outcome()).as("a delete of what is gone").isEqualTo(first.outcome());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    <S, L> void aReadOfAnObjectThatDoesNotExistIsEmptyAndChangesNothing(Entry<S, L> entry, Emulator emulator) {
        try (Run<S, L> run = new Run<>(entry, emulator)) {
            run.calls.clear();
            assertThat(run.handler.read(run.spec, run.ctx)).isEmpty();
            assertThat(run.calls.mutating()).isEmpty();
        }
    }

    // ---- the entries -------------------------------------------------------------------------

    /**
     * One kind under contract.
     *
     * @param handler   the handler, built from clients on the emulator
     * @param sample    a spec of the kind, made with what it points at
     * @param tagWrites the mutating calls, in order, with which an update writes only the tags
     */
    record Entry<S, L>(Kind<S> kind, Function<AwsClients, ResourceHandler<S, L>> handler, Function<Sample, S> sample,
                       List<String> tagWrites) {
        @Override
        public String toString() {
            return kind.name();
        }
    }

    private static <S, L> Entry<S, L> entry(Kind<S> kind, Function<AwsClients, ResourceHandler<S, L>> handler,
                                            Function<Sample, S> sample, String... tagWrites) {
        return new Entry<>(kind, handler, sample, List.of(tagWrites));
    }

    /** What a sample spec may need: the stack's tags and objects it points at, made on the emulator. */
    record Sample(AwsClients clients, Emulator emulator, String logicalId) {

        Map<String, String> tags(String name) {
            return HandlerFixture.tags(logicalId, name);
        }

        /** A VPC for what lives in one. */
        String vpcId() {
            return Ec2TestSupport.createVpc(clients, "network.vpc", "10.20.0.0/16");
        }

        /** A key CloudWatch Logs may use, with the stack's key policy. */
        String logsKeyArn() {
            return clients.kms().createKey(r -> r.description("contract test key")
                    .policy(PolicyDocuments.toJson(HandlerTestSupport.keyPolicy(emulator)))).keyMetadata().arn();
        }
    }

    /** One test's handler, sample spec and context, on clients whose calls {@link #calls} records. */
    private static final class Run<S, L> implements AutoCloseable {
        final CallLog calls = new CallLog();
        final AwsClients clients;
        final ResourceHandler<S, L> handler;
        final TestContext ctx;
        final S spec;

        Run(Entry<S, L> entry, Emulator emulator) {
            clients = HandlerFixture.clients(emulator, calls);
            handler = entry.handler().apply(clients);
            ctx = new TestContext("contract." + entry.kind().name());
            spec = entry.sample().apply(new Sample(clients, emulator, ctx.logicalId()));
            assertThat(handler.kind()).isEqualTo(entry.kind());
        }

        @Override
        public void close() {
            clients.close();
        }
    }
}
