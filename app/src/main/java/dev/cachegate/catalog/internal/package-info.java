/** The catalog's JDBC repository, change feed, preload, warm-up and product cache wiring. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.catalog.internal;
