/** Who is calling: API keys, any other principal source, client addresses and the admin token. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.auth;
