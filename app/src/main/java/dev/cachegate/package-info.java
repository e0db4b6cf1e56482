/** The application: its entry point, launch mode handling and clock; the top layer, which nothing imports. */
@org.jspecify.annotations.NullMarked
package dev.cachegate;
