package dev.cachegate.session;

import dev.cachegate.config.Secrets;
import dev.cachegate.launch.LaunchMode;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Signed session cookie values: {@code <uuid>.<base64url HMAC-SHA256 of the uuid>}. The first configured key signs;
 * every key verifies. Production mode refuses to start without a key; the embedded default makes one up.
 */
@Singleton
public final class SessionCookies {

    private static final Logger LOG = LoggerFactory.getLogger(SessionCookies.class);
    private static final String ALGORITHM = "HmacSHA256";

    private final List<SecretKeySpec> keys = new ArrayList<>();
    private final boolean secure;

    SessionCookies(SessionConfig config, @Value("${" + LaunchMode.PROPERTY + ":production}") String mode) {
        this.secure = config.secure() != null ? config.secure() : !"embedded".equals(mode);
        List<String> configured = config.signingKeys();
        if (configured.isEmpty()) {
            if (!"embedded".equals(mode)) {
                throw new ConfigurationException("cachegate.session.signing-keys (CACHEGATE_SESSION_SIGNING_KEYS) must "
                        + "be set in production mode: session cookies are signed with it");
            }
            LOG.warn("No cachegate.session.signing-keys set: this embedded run signs sessions with a random key");
            configured = List.of(Secrets.generate());
        }
        for (String key : configured) {
            keys.add(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        }
    }

    /** @return whether session cookies are {@code Secure}: as configured, else in production mode only */
    public boolean secure() {
        return secure;
    }

    /**
     * @param id a session id
     * @return the cookie value
     */
    public String sign(UUID id) {
        return id + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(keys.get(0), id.toString()));
    }

    /**
     * @param value a cookie value, or null
     * @return the session id, when the value is well formed and signed by one of the keys
     */
    public Optional<UUID> verify(@Nullable String value) {
        if (value == null || value.length() > 200) {
            return Optional.empty();
        }
        int dot = value.indexOf('.');
        if (dot != 36) {
            return Optional.empty();
        }
        UUID id;
        byte[] signature;
        try {
            id = UUID.fromString(value.substring(0, dot));
            signature = Base64.getUrlDecoder().decode(value.substring(dot + 1));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        if (!id.toString().equals(value.substring(0, dot))) {
            return Optional.empty();
        }
        for (SecretKeySpec key : keys) {
            if (MessageDigest.isEqual(mac(key, id.toString()), signature)) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    private static byte[] mac(SecretKeySpec key, String data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }
}
