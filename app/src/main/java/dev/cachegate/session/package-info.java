/** Sessions: login, signed cookies, the Redis store, profiles and login throttling. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.session;
