package dev.tapctl.resources.s3;

import static dev.tapctl.testing.CallLog.operations;
import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Deletions;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.stack.spec.BucketSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

@ExtendWith(EmulatorExtension.class)
class BucketHandlerTest {
    private static final String ID = "data.bucket";
    private static final String NAME = "tap-test-123456789012-us-east-1";

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext(ID, "hash-1");
    private AwsClients clients;
    private S3Client s3;
    private BucketHandler handler;
    private String keyArn;
    private BucketSpec spec;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        s3 = clients.s3();
        handler = new BucketHandler(s3, clients.cloudwatch());
        keyArn = HandlerFixture.kmsKeyArn(clients);
        spec = spec(NAME, keyArn, true);
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private static BucketSpec spec(String name, String kmsKeyArn, boolean versioning) {
        return new BucketSpec(name, kmsKeyArn, versioning, true, tlsOnly(name), tags(ID, name));
    }

    /** AWS's recommended TLS-only statement, as the stack may write it. */
    static ObjectNode tlsOnly(String bucket) {
        return (ObjectNode) PolicyDocuments.parse("""
                {"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*",
                 "Action":"s3:*","Resource":["arn:aws:s3:::%1$s","arn:aws:s3:::%1$s/*"],
                 "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""".formatted(bucket));
    }

    @Test
    void lifecycleRepairsDriftAndDeletes() {
        BucketHandler.Live created = handler.create(spec, ctx);
        assertThat(operations(calls.mutating()))
                .as("the block goes on before anything else")
                .containsExactly(
                        "CreateBucket",
                        "PutPublicAccessBlock",
                        "PutBucketEncryption",
                        "PutBucketVersioning",
                        "PutBucketPolicy",
                        "PutBucketTagging");

        calls.clear();
        BucketHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live).isEqualTo(created);
        assertThat(live.name()).isEqualTo(NAME);
        assertThat(live.sseAlgorithm()).isEqualTo("aws:kms");
        assertThat(live.kmsKeyArn()).isEqualTo(keyArn);
        assertThat(live.bucketKeyEnabled()).isTrue();
        assertThat(live.versioning()).isEqualTo("Enabled");
        assertThat(live.blockPublicAcls()).isTrue();
        assertThat(live.ignorePublicAcls()).isTrue();
        assertThat(live.blockPublicPolicy()).isTrue();
        assertThat(live.restrictPublicBuckets()).isTrue();
        assertThat(PolicyDocuments.equivalent(live.policy(), spec.policy())).isTrue();
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(SpecHashes.applied(handler, live)).contains("hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.mutating()).as("read and diff of an unchanged bucket").isEmpty();
        assertThat(operations(calls.calls()))
                .containsExactly(
                        "GetBucketTagging",
                        "GetBucketEncryption",
                        "GetBucketVersioning",
                        "GetPublicAccessBlock",
                        "GetBucketPolicy");
        assertThat(handler.outputs(live).values())
                .containsOnly(Map.entry("name", NAME), Map.entry("arn", "arn:aws:s3:::" + NAME));

        // Someone suspends versioning, lifts the block, drops the policy and a tag, outside tapctl.
        s3.putBucketVersioning(
                r -> r.bucket(NAME).versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
        s3.deletePublicAccessBlock(r -> r.bucket(NAME));
        s3.deleteBucketPolicy(r -> r.bucket(NAME));
        Map<String, String> fewer = new TreeMap<>(live.tags());
        fewer.remove("CostCenter");
        s3.putBucketTagging(r -> r.bucket(NAME).tagging(t -> t.tagSet(toTags(fewer))));
        BucketHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("versioning", "Suspended", "Enabled"),
                        AttributeChange.of("blockPublicAccess.blockPublicAcls", false, true),
                        AttributeChange.of("blockPublicAccess.ignorePublicAcls", false, true),
                        AttributeChange.of("blockPublicAccess.blockPublicPolicy", false, true),
                        AttributeChange.of("blockPublicAccess.restrictPublicBuckets", false, true),
                        AttributeChange.of("policy", null, spec.policy()),
                        AttributeChange.of("tags.CostCenter", null, "platform"));

        calls.clear();
        BucketHandler.Live updated = handler.update(spec, drifted, changes, new TestContext(ID, "hash-2"));
        assertThat(operations(calls.mutating()))
                .as("only what drifted, the block first")
                .containsExactly("PutPublicAccessBlock", "PutBucketVersioning", "PutBucketPolicy", "PutBucketTagging");
        BucketHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(repaired.tags()).containsEntry(Tags.SPEC_HASH, "hash-2").containsEntry("CostCenter", "platform");
        assertThat(handler.diff(spec, updated)).isEmpty();
        assertThat(updated.tags()).isEqualTo(repaired.tags());

        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(handler.read(spec, ctx)).isEmpty();
        // Deleting what is already gone is the goal reached.
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
    }

    @Test
    void encryptionDriftIsRepaired() {
        handler.create(spec, ctx);
        s3.putBucketEncryption(r -> r.bucket(NAME)
                .serverSideEncryptionConfiguration(c -> c.rules(rule ->
                        rule.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));

        BucketHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("sseAlgorithm", "AES256", "aws:kms"),
                        AttributeChange.of("kmsKeyArn", null, keyArn),
                        AttributeChange.of("bucketKeyEnabled", false, true));

        calls.clear();
        handler.update(spec, drifted, changes, ctx);
        assertThat(operations(calls.mutating())).containsExactly("PutBucketEncryption", "PutBucketTagging");
        assertThat(handler.diff(spec, handler.read(spec, ctx).orElseThrow())).isEmpty();
    }

    @Test
    void policiesAreComparedAsDocumentsNotText() {
        handler.create(spec, ctx);
        // The same grant, written differently: keys reordered, a one-item list, resources swapped.
        s3.putBucketPolicy(r -> r.bucket(NAME).policy("""
                {"Statement":[{"Condition":{"Bool":{"aws:SecureTransport":"false"}},"Resource":["arn:aws:s3:::%1$s/*",
                 "arn:aws:s3:::%1$s"],"Action":["s3:*"],"Principal":"*","Effect":"Deny","Sid":"DenyInsecureTransport"}],
                 "Version":"2012-10-17"}""".formatted(NAME)));
        assertThat(handler.diff(spec, handler.read(spec, ctx).orElseThrow())).isEmpty();

        ObjectNode other = tlsOnly(NAME);
        other.withArray("Statement").add(PolicyDocuments.parse("""
                {"Sid":"DenyUnencryptedUploads","Effect":"Deny","Principal":"*","Action":"s3:PutObject",
                 "Resource":"arn:aws:s3:::%s/*","Condition":{"Null":{"s3:x-amz-server-side-encryption":"true"}}}""".formatted(NAME)));
        BucketSpec stricter = new BucketSpec(NAME, keyArn, true, true, other, spec.tags());
        assertThat(handler.diff(stricter, handler.read(stricter, ctx).orElseThrow()))
                .extracting(AttributeChange::path)
                .containsExactly("policy");
    }

    @Test
    void updateKeepsTagsOthersAddedBecausePutBucketTaggingReplacesTheSet() {
        BucketHandler.Live live = handler.create(spec, ctx);
        Map<String, String> withForeign = new TreeMap<>(live.tags());
        withForeign.put("Owner", "data-team");
        s3.putBucketTagging(r -> r.bucket(NAME).tagging(t -> t.tagSet(toTags(withForeign))));

        BucketHandler.Live before = handler.read(spec, ctx).orElseThrow();
        handler.update(spec, before, handler.diff(spec, before), new TestContext(ID, "hash-2"));
        assertThat(handler.read(spec, ctx).orElseThrow().tags())
                .containsEntry("Owner", "data-team")
                .containsEntry(Tags.SPEC_HASH, "hash-2")
                .containsAllEntriesOf(spec.tags());
    }

    @Test
    void createConvergesABucketThatAlreadyExistsInUsEast1() {
        // us-east-1 answers CreateBucket on a bucket the caller owns with 200 OK, not an error.
        s3.createBucket(r -> r.bucket(NAME));
        s3.putBucketTagging(r -> r.bucket(NAME).tagging(t -> t.tagSet(toTags(Map.of("Owner", "data-team")))));
        calls.clear();

        BucketHandler.Live live = handler.create(spec, ctx);
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(live.tags()).containsEntry("Owner", "data-team").containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(handler.diff(spec, handler.read(spec, ctx).orElseThrow())).isEmpty();
    }

    @Test
    void createsOutsideUsEast1WithALocationAndAdoptsWhenAlreadyOwned(Emulator emulator) {
        String region = "eu-west-1";
        String name = "tap-test-123456789012-" + region;
        CallLog euCalls = new CallLog();
        try (AwsClients eu = HandlerFixture.clients(emulator, region, euCalls)) {
            BucketHandler euHandler = new BucketHandler(eu.s3(), eu.cloudwatch());
            BucketSpec euSpec = spec(name, HandlerFixture.kmsKeyArn(eu), true);

            euHandler.create(euSpec, ctx);
            assertThat(eu.s3().getBucketLocation(r -> r.bucket(name)).locationConstraintAsString())
                    .isEqualTo(region);

            // Outside us-east-1, creating a bucket one already owns fails with BucketAlreadyOwnedByYou.
            euCalls.clear();
            BucketHandler.Live adopted = euHandler.create(euSpec, new TestContext(ID, "hash-2"));
            assertThat(operations(euCalls.mutating())).containsExactly("CreateBucket", "PutBucketTagging");
            assertThat(euHandler.diff(euSpec, adopted)).isEmpty();
            assertThat(euHandler.read(euSpec, ctx).orElseThrow().tags()).containsEntry(Tags.SPEC_HASH, "hash-2");
        }
    }

    @Test
    void aNameTakenByAnotherAccountIsReportedClearly(Emulator emulator) {
        // S3 answers 403 when another account owns the name; moto cannot, so the answer to the
        // read's first call is changed at the SDK boundary.
        ExecutionInterceptor forbidden = new ExecutionInterceptor() {
            @Override
            public SdkHttpResponse modifyHttpResponse(
                    Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
                if ("GetBucketTagging".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    return context.httpResponse().toBuilder()
                            .statusCode(403)
                            .statusText("Forbidden")
                            .build();
                }
                return context.httpResponse();
            }

            @Override
            public Optional<InputStream> modifyHttpResponseContent(
                    Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
                if ("GetBucketTagging".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    return Optional.of(new ByteArrayInputStream(
                            ("<Error><Code>AccessDenied</Code>" + "<Message>Access Denied</Message></Error>")
                                    .getBytes(StandardCharsets.UTF_8)));
                }
                return context.responseBody();
            }
        };
        CallLog log = new CallLog();
        try (AwsClients other = HandlerFixture.clients(emulator, emulator.region(), log, forbidden)) {
            BucketHandler otherHandler = new BucketHandler(other.s3(), other.cloudwatch());
            assertThatThrownBy(() -> otherHandler.read(spec, ctx))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("S3 bucket name " + NAME + " is taken by another AWS account");
            assertThat(log.mutating()).isEmpty();
        }
    }

    @Test
    void retainKeepsTheBucketWithoutACall() {
        BucketHandler.Live live = handler.create(spec, ctx);
        calls.clear();
        assertThat(Deletions.byPolicy(handler, spec, live, DeletionPolicy.RETAIN, ctx))
                .isEqualTo(DeleteResult.retained(NAME));
        assertThat(calls.calls()).isEmpty();
        assertThat(handler.read(spec, ctx)).isPresent();
    }

    @Test
    void aBucketWithObjectsIsNeverEmptied() {
        // Without the TLS-only policy: the emulator is plain HTTP, and that policy (rightly) denies it.
        BucketSpec noPolicy = new BucketSpec(NAME, keyArn, true, true, null, spec.tags());
        BucketHandler.Live live = handler.create(noPolicy, ctx);
        assertThat(live.policy()).isNull();
        assertThat(handler.diff(noPolicy, live)).isEmpty();
        s3.putObject(r -> r.bucket(NAME).key("data/item.json"), RequestBody.fromString("{}"));

        calls.clear();
        assertThatThrownBy(() -> handler.delete(live, DeletionPolicy.DELETE, ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not empty: tapctl never empties a bucket");
        assertThat(operations(calls.mutating())).containsExactly("DeleteBucket");
        assertThat(handler.read(noPolicy, ctx)).isPresent();
    }

    @Test
    void versioningOffMeansSuspendedOnceItWasOn() {
        handler.create(spec, ctx);
        BucketSpec unversioned = spec(NAME, keyArn, false);
        BucketHandler.Live live = handler.read(unversioned, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(unversioned, live);
        assertThat(changes).containsExactly(AttributeChange.of("versioning", "Enabled", "Suspended"));
        handler.update(unversioned, live, changes, ctx);
        assertThat(handler.diff(unversioned, handler.read(unversioned, ctx).orElseThrow()))
                .isEmpty();
    }

    @Test
    void aKeyKnownOnlyAfterApplyIsNeverSentToAws() {
        handler.create(spec, ctx);
        BucketSpec planned = new BucketSpec(NAME, Unknown.of("kms.key", "arn"), true, true, spec.policy(), spec.tags());

        calls.clear();
        BucketHandler.Live live = handler.read(planned, ctx).orElseThrow();
        assertThat(handler.diff(planned, live))
                .containsExactly(AttributeChange.of("kmsKeyArn", keyArn, Unknown.of("kms.key", "arn")));
        assertThatThrownBy(() -> handler.update(planned, live, handler.diff(planned, live), ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kmsKeyArn not known yet");
        assertThatThrownBy(() -> handler.create(
                        new BucketSpec(
                                "tap-test-other",
                                Unknown.of("kms.key", "arn"),
                                true,
                                true,
                                tlsOnly("tap-test-other"),
                                tags(ID, "tap-test-other")),
                        ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kmsKeyArn not known yet");
        assertThat(calls.mutating()).isEmpty();
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }
}
