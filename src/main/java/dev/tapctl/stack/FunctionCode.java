package dev.tapctl.stack;

import java.nio.file.Path;

/** A function's bundled code: the zip and its base64 SHA-256 (Lambda's CodeSha256). */
public record FunctionCode(String sha256, Path zip) {}
