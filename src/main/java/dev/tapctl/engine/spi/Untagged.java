package dev.tapctl.engine.spi;

/**
 * Marks a kind AWS cannot tag (a Lambda permission, an account setting), so its objects record no
 * {@code tapctl:spec-hash}: the engine takes an empty diff as "nothing to do" without a recorded
 * hash, and cannot tell drift from a configuration change, so it reports such differences as
 * {@code config}. Every other kind records the hash in its live view's tags ({@link Tagged}).
 */
public interface Untagged {}
