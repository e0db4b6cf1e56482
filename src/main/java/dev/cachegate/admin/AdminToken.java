package dev.cachegate.admin;

import dev.cachegate.embedded.LaunchMode;
import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.HttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The operator credential ({@code cachegate.admin-token}, env {@code CACHEGATE_ADMIN_TOKEN}) that price updates and
 * cache controls require as {@code Authorization: Bearer <token>}. Production mode refuses to start without one; the
 * embedded default, when none is set, makes one up and logs it.
 */
@Context
public final class AdminToken {

    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);
    private static final int MIN_LENGTH = 16;

    private final byte[] token;

    AdminToken(@Value("${cachegate.admin-token:}") String configured, @Value("${" + LaunchMode.PROPERTY + ":production}")
               String mode) {
        String value = configured;
        if (value == null || value.isBlank()) {
            if (!"embedded".equals(mode)) {
                throw new ConfigurationException("cachegate.admin-token (CACHEGATE_ADMIN_TOKEN) must be set in "
                        + "production mode: price updates and cache controls need it");
            }
            value = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                    + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            LOG.warn("No cachegate.admin-token set: this embedded run's admin token is {}", value);
        } else if (value.length() < MIN_LENGTH) {
            throw new ConfigurationException("cachegate.admin-token (CACHEGATE_ADMIN_TOKEN) must be at least "
                    + MIN_LENGTH + " characters but was " + value.length() + " characters long");
        }
        this.token = value.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param request the request to authorize
     * @throws AuthException 401 without a bearer token, 403 with a wrong one
     */
    public void authorize(HttpRequest<?> request) {
        String header = request.getHeaders().getAuthorization().orElse(null);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() == 7) {
            throw new AuthException(ProblemType.UNAUTHORIZED, "this operation needs Authorization: Bearer <admin token>");
        }
        byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, token)) {
            throw new AuthException(ProblemType.FORBIDDEN, "the bearer token is not the admin token");
        }
    }

    /** A missing or wrong admin token. */
    public static final class AuthException extends ApiException {
        AuthException(ProblemType type, String detail) {
            super(type, detail);
        }

        @Override
        public Map<String, String> headers() {
            return type() == ProblemType.UNAUTHORIZED ? Map.of("WWW-Authenticate", "Bearer realm=\"cachegate\"")
                    : Map.of();
        }
    }
}
