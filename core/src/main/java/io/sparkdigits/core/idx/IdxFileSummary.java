package io.sparkdigits.core.idx;

/**
 * What was checked of one IDX file: where it is, whether it is gzip-compressed, and its decompressed
 * size and content SHA-256 (comparable across raw and compressed copies of the same data).
 */
public record IdxFileSummary(String uri, boolean compressed, long bytes, String sha256) {}
