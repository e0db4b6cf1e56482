package dev.cachegate.session;

import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionCookiesTest {

    private static final String OLD = "old-signing-key-0123456789abcdefghij";
    private static final String NEW = "new-signing-key-0123456789abcdefghij";

    @Test
    void theFirstKeySignsAndEveryKeyVerifies() {
        UUID id = UUID.randomUUID();
        String signedWithOld = cookies(OLD).sign(id);

        assertThat(cookies(NEW, OLD).verify(signedWithOld)).contains(id);
        assertThat(cookies(NEW, OLD).sign(id)).isEqualTo(cookies(NEW).sign(id));
        assertThat(cookies(NEW).verify(signedWithOld)).isEmpty();
    }

    @Test
    void alteredOrMalformedValuesDoNotVerify() {
        UUID id = UUID.randomUUID();
        String good = cookies(OLD).sign(id);
        SessionCookies verifier = cookies(OLD);

        assertThat(verifier.verify(good)).contains(id);
        assertThat(verifier.verify(UUID.randomUUID() + good.substring(36))).isEmpty();
        assertThat(verifier.verify(good.toUpperCase())).isEmpty();
        assertThat(verifier.verify(id.toString())).isEmpty();
        assertThat(verifier.verify(good + "x")).isEmpty();
        assertThat(verifier.verify(null)).isEmpty();
        assertThat(verifier.verify("x".repeat(10_000))).isEmpty();
    }

    @Test
    void cookiesAreSecureByDefaultInProductionModeOnly() {
        assertThat(new SessionCookies(config("k".repeat(16) + "0123456789abcdef"), "production").secure()).isTrue();
        assertThat(new SessionCookies(config(), "embedded").secure()).isFalse();
        SessionConfig plainHttp = new SessionConfig(List.of("0123456789abcdef0123456789abcdef"), Duration.ofMinutes(30),
                Duration.ofHours(12), "cachegate_session", false, List.of());
        assertThat(new SessionCookies(plainHttp, "production").secure()).as("set false on purpose").isFalse();
    }

    @Test
    void productionModeRefusesToStartWithoutAKeyAndShortKeysAreRefused() {
        assertThatThrownBy(() -> new SessionCookies(config(), "production")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("CACHEGATE_SESSION_SIGNING_KEYS");
        assertThat(new SessionCookies(config(), "embedded").sign(UUID.randomUUID())).isNotBlank();
        assertThatThrownBy(() -> config("short")).hasMessageContaining("at least 32 characters but entry 1 was 5");
    }

    private static SessionCookies cookies(String... keys) {
        return new SessionCookies(config(keys), "production");
    }

    private static SessionConfig config(String... keys) {
        return new SessionConfig(List.of(keys), Duration.ofMinutes(30), Duration.ofHours(12), "cachegate_session", null, List.of());
    }
}
