package dev.cachegate.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A user's profile: the avatar case of read-your-writes.
 *
 * @param username    the owner
 * @param displayName shown name, or null
 * @param avatarUrl   an http(s) URL, or null
 * @param version     incremented by every change; 0 before the first
 * @param updatedAt   when it last changed, or null before the first change
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Profile(String username, @Nullable String displayName, @Nullable String avatarUrl, long version,
                      @Nullable Instant updatedAt) {
}
