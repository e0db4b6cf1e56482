/** Production mode's refusal to start on a demo or guessable secret. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.production;
