/**
 * The tiered cache's public face, knowing no feature: {@code VersionedCache}, the settings its owner hands it, the
 * strategies, the watermark that gates cached reads.
 */
@org.jspecify.annotations.NullMarked
package dev.cachegate.cache;
