package dev.cachegate.production;

import dev.cachegate.catalog.CatalogConfig;
import dev.cachegate.catalog.CdnConfig;
import dev.cachegate.config.Secrets;
import dev.cachegate.launch.LaunchMode;
import dev.cachegate.session.SessionConfig;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;

import java.util.ArrayList;
import java.util.List;

/**
 * Production mode's refusal to start on a demo or guessable secret: every configured secret is put to
 * {@link Secrets#weakness}, and the start fails with every failing key named (with its environment variable) and no
 * value quoted. Whether a secret is set at all is its owner's check; this one judges the values that are.
 */
@Context
@Requires(property = LaunchMode.PROPERTY, value = "production", defaultValue = "production")
final class ProductionSecrets {

    ProductionSecrets(@Value("${cachegate.admin-token:}") String adminToken,
                      @Value("${cachegate.api-keys:}") List<String> apiKeys, SessionConfig session, CdnConfig cdn,
                      CatalogConfig catalog) {
        List<String> refused = new ArrayList<>();
        check(refused, "cachegate.admin-token (CACHEGATE_ADMIN_TOKEN)", List.of(adminToken));
        check(refused, "cachegate.api-keys (CACHEGATE_API_KEYS)", apiKeys);
        check(refused, "cachegate.session.signing-keys (CACHEGATE_SESSION_SIGNING_KEYS)", session.signingKeys());
        check(refused, "cachegate.cdn.purge-secret (CACHEGATE_CDN_PURGE_SECRET)", List.of(cdn.purgeSecret()));
        check(refused, "cachegate.catalog.cursor-secret (CACHEGATE_CATALOG_CURSOR_SECRET)",
                List.of(catalog.cursorSecret()));
        if (!refused.isEmpty()) {
            throw new ConfigurationException("Production mode refuses these secrets: " + String.join("; ", refused)
                    + ". Give each a value of its own, e.g. from: openssl rand -hex 32");
        }
    }

    private static void check(List<String> refused, String key, List<String> values) {
        List<String> set = values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
        for (int i = 0; i < set.size(); i++) {
            int entry = i + 1;
            Secrets.weakness(set.get(i)).ifPresent(why -> refused.add(key
                    + (set.size() > 1 ? " entry " + entry : "") + ": " + why));
        }
    }
}
