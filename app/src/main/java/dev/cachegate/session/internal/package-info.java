/** The JDBC profiles. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.session.internal;
