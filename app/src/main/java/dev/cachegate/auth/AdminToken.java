package dev.cachegate.auth;

import dev.cachegate.config.Secrets;
import dev.cachegate.launch.LaunchMode;
import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.HttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The operator credential ({@code cachegate.admin-token}, env {@code CACHEGATE_ADMIN_TOKEN}) that price updates and
 * cache controls require as {@code Authorization: Bearer <token>}. Production mode refuses to start without one; the
 * embedded default, when none is set, makes one up and writes it to a file only its user can read, whose path it logs.
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
            value = Secrets.generate();
            LOG.warn("No cachegate.admin-token set: this embedded run made one up; read it from {} (mode 0600)",
                    writeOwnerOnly(value));
        } else if (value.length() < MIN_LENGTH) {
            throw new ConfigurationException("cachegate.admin-token (CACHEGATE_ADMIN_TOKEN) must be at least "
                    + MIN_LENGTH + " characters but was " + value.length() + " characters long");
        }
        this.token = value.getBytes(StandardCharsets.UTF_8);
    }

    /** @return a new file, readable by this user only and deleted when the JVM exits, that holds the token */
    private static Path writeOwnerOnly(String value) {
        try {
            Path file = Files.createTempFile("cachegate-admin-token-", "",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            Files.writeString(file, value + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the embedded admin token to a file", e);
        }
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
