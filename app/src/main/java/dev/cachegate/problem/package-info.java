/** RFC 9457 problem responses: the one place exceptions become HTTP errors. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.problem;
