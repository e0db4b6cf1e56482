package dev.cachegate.auth;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Establishes the caller of an API request: {@code Authorization: Bearer <api-key>} with the keys of
 * {@code cachegate.api-keys} (env {@code CACHEGATE_API_KEYS}, comma-separated), else any other
 * {@link PrincipalSource} (a session cookie). A key's principal id is derived from its hash, so it is stable across
 * instances and restarts and never reveals the key.
 */
@Singleton
public final class Principals {

    private final Map<String, Principal> byKey = new LinkedHashMap<>();
    private final List<PrincipalSource> others;

    Principals(@Value("${cachegate.api-keys:}") List<String> apiKeys, List<PrincipalSource> others) {
        this.others = others;
        for (String key : apiKeys) {
            String trimmed = key.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.length() < 16) {
                throw new IllegalArgumentException("cachegate.api-keys (CACHEGATE_API_KEYS) entries must be at least "
                        + "16 characters but entry " + (byKey.size() + 1) + " was " + trimmed.length() + " long");
            }
            byKey.put(trimmed, new Principal("apikey:" + sha256(trimmed).substring(0, 12)));
        }
    }

    /**
     * @param request the request
     * @return its principal
     * @throws UnauthenticatedException without a known API key
     */
    public Principal require(HttpRequest<?> request) {
        return find(request).orElseThrow(() -> new UnauthenticatedException(
                "this operation needs Authorization: Bearer <api key>, or a session from POST /login"));
    }

    /**
     * @param request the request
     * @return its principal, if it presents a known API key
     */
    public Optional<Principal> find(HttpRequest<?> request) {
        Optional<Principal> byApiKey = byApiKey(request);
        if (byApiKey.isPresent()) {
            return byApiKey;
        }
        for (PrincipalSource source : others) {
            Optional<Principal> principal = source.findPrincipal(request);
            if (principal.isPresent()) {
                return principal;
            }
        }
        return Optional.empty();
    }

    /**
     * @param request the request
     * @return its principal, if it presents a known API key: no I/O, unlike a session's
     */
    public Optional<Principal> byApiKey(HttpRequest<?> request) {
        String header = request.getHeaders().getAuthorization().orElse(null);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String presented = header.substring(7).trim();
        for (Map.Entry<String, Principal> known : byKey.entrySet()) {
            if (MessageDigest.isEqual(known.getKey().getBytes(StandardCharsets.UTF_8),
                    presented.getBytes(StandardCharsets.UTF_8))) {
                return Optional.of(known.getValue());
            }
        }
        return Optional.empty();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
