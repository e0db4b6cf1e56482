package dev.cachegate.production;

import dev.cachegate.catalog.CatalogConfig;
import dev.cachegate.catalog.CdnConfig;
import dev.cachegate.config.Secrets;
import dev.cachegate.session.SessionConfig;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProductionSecretsTest {

    private static final String GOOD = Secrets.generate();

    @Test
    void everyDemoOrWeakSecretIsNamedWithItsVariableAndNoneIsQuoted() {
        assertThatThrownBy(() -> new ProductionSecrets("compose-demo-admin-token",
                List.of(Secrets.generate(), "compose-demo-api-key-0002"), session("abcdefgh".repeat(4)),
                cdn("compose-demo-purge-secret"), catalog("cachegate-page-cursor-key-change-me")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cachegate.admin-token (CACHEGATE_ADMIN_TOKEN): it contains 'compose-demo'")
                .hasMessageContaining("cachegate.api-keys (CACHEGATE_API_KEYS) entry 2: it contains 'compose-demo'")
                .hasMessageContaining("CACHEGATE_SESSION_SIGNING_KEYS): it repeats a shorter value")
                .hasMessageContaining("CACHEGATE_CDN_PURGE_SECRET)")
                .hasMessageContaining("CACHEGATE_CATALOG_CURSOR_SECRET): it contains 'change-me'")
                .hasMessageNotContaining("admin-token'").hasMessageNotContaining("abcdefgh")
                .hasMessageContaining("openssl rand -hex 32");
    }

    @Test
    void strongSecretsStartAndAnUnsetOptionalOneIsNotJudged() {
        assertThatCode(() -> new ProductionSecrets(GOOD, List.of(Secrets.generate()), session(Secrets.generate()),
                cdn(""), catalog(Secrets.generate()))).doesNotThrowAnyException();
    }

    private static SessionConfig session(String key) {
        return new SessionConfig(List.of(key), Duration.ofMinutes(30), Duration.ofHours(12), "cachegate_session", null, List.of());
    }

    private static CdnConfig cdn(String secret) {
        return new CdnConfig(List.of(), secret, Duration.ofSeconds(2));
    }

    private static CatalogConfig catalog(String cursorSecret) {
        return new CatalogConfig(20, 100, cursorSecret, 0, Duration.ofSeconds(60), Duration.ofSeconds(1));
    }
}
