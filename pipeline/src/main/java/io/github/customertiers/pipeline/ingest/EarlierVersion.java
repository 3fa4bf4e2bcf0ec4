package io.github.customertiers.pipeline.ingest;

/**
 * An earlier version of a file (same path, other content) whose stored rows a corrected delivery
 * replaces: they stop being visible when the new batch is committed.
 *
 * @param digest SHA-256 of the earlier version
 * @param batch the batch that loaded it
 * @param sourceFile its {@code source_file} in the stored rows
 * @param rowsWithdrawn rows it had loaded
 */
public record EarlierVersion(String digest, String batch, String sourceFile, long rowsWithdrawn) {}
