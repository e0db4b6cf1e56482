package dev.cachegate.session;

import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.net.URI;

/**
 * The body of {@code PUT /me/profile}.
 *
 * @param displayName at most 100 characters without control characters, or null
 * @param avatarUrl   an absolute http(s) URL of at most 2048 characters, or null
 */
@Serdeable
public record ProfileChange(@Nullable String displayName, @Nullable String avatarUrl) {

    /**
     * @return this change, checked
     * @throws ApiException 422 naming the bad field
     */
    public ProfileChange validated() {
        if (displayName != null && (displayName.length() > 100
                || displayName.codePoints().anyMatch(Character::isISOControl))) {
            throw new InvalidProfileException("displayName must be at most 100 characters without control characters "
                    + "but had " + displayName.length());
        }
        if (avatarUrl != null) {
            boolean valid = avatarUrl.length() <= 2048;
            try {
                URI uri = URI.create(avatarUrl);
                valid &= uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                        && uri.getHost() != null;
            } catch (IllegalArgumentException e) {
                valid = false;
            }
            if (!valid) {
                throw new InvalidProfileException("avatarUrl must be an absolute http(s) URL of at most 2048 "
                        + "characters but was " + (avatarUrl.length() > 60 ? avatarUrl.substring(0, 60) + "…"
                        : "'" + avatarUrl + "'"));
            }
        }
        return this;
    }

    /** A profile change that cannot be applied: 422. */
    static final class InvalidProfileException extends ApiException {
        InvalidProfileException(String detail) {
            super(ProblemType.INVALID_PROFILE, detail);
        }
    }
}
