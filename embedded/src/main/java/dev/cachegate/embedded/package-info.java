/** The embedded default's real servers (Redis, a PostgreSQL primary and its streaming replica) for mn:run and tests. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.embedded;
