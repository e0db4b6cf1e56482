/** The product API: reads through the tiered cache, keyset pages, price updates, CDN purges and warm-up. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.catalog;
