/** HTTP support below every feature: request ids. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.web;
