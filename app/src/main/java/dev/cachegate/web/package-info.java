/** HTTP support below every feature: request ids and the {@code /health} components. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.web;
