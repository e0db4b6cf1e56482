/** The tiered cache's mechanics: one package-private class per concern behind a small role interface. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.cache.internal;
