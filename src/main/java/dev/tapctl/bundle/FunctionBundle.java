package dev.tapctl.bundle;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A function's deployment package as written by {@link Bundler}.
 *
 * @param name       the function folder's name ({@code functions/<name>})
 * @param zip        where the zip was written: {@code <outputDir>/<name>.zip}
 * @param codeSha256 base64 of the SHA-256 of the zip bytes, the form of Lambda's {@code CodeSha256}
 * @param size       the zip's size in bytes (Lambda's {@code CodeSize})
 */
public record FunctionBundle(String name, Path zip, String codeSha256, long size) {
    public FunctionBundle {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zip, "zip");
        Objects.requireNonNull(codeSha256, "codeSha256");
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
    }
}
