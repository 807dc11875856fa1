package dev.tapctl.resources.lambda;

import dev.tapctl.stack.spec.FunctionSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import software.amazon.awssdk.core.SdkBytes;

/** A function's deployment package as Lambda is sent it, and the CodeSha256 Lambda compares. */
final class CodeBundle {
    private CodeBundle() {}

    /**
     * The zip's bytes, checked against the spec's hash: uploading bytes other than the ones the
     * plan compared would leave a function whose CodeSha256 never matches, and re-upload forever.
     */
    static SdkBytes of(FunctionSpec spec) {
        if (spec.codeZip() == null) {
            throw new IllegalStateException("function " + spec.name() + ": no code bundle to upload");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(spec.codeZip());
        } catch (IOException e) {
            throw new UncheckedIOException("function " + spec.name() + ": cannot read " + spec.codeZip(), e);
        }
        String sha = codeSha256(bytes);
        if (!sha.equals(spec.codeSha256())) {
            throw new IllegalStateException("function " + spec.name() + ": " + spec.codeZip() + " has CodeSha256 " + sha
                    + " but the spec expects " + spec.codeSha256() + " (was the bundle rebuilt since the plan?)");
        }
        return SdkBytes.fromByteArray(bytes);
    }

    /** Lambda's CodeSha256: the base64 of the SHA-256 of the zip's bytes. */
    static String codeSha256(byte[] zip) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(zip));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
