package dev.cachegate.auth;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.HttpRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminTokenTest {

    private final AdminToken token = new AdminToken("sixteen-chars-token", "production");

    @Test
    void productionModeRefusesToStartWithoutAToken() {
        assertThatThrownBy(() -> new AdminToken("", "production"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("CACHEGATE_ADMIN_TOKEN");
    }

    @Test
    void theEmbeddedDefaultMakesOneUp() {
        assertThatCode(() -> new AdminToken("", "embedded")).doesNotThrowAnyException();
    }

    @Test
    void aShortTokenIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new AdminToken("short-secret", "production"))
                .hasMessageContaining("at least 16 characters but was 12 characters long")
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void onlyTheBearerTokenAuthorizes() {
        assertThatCode(() -> token.authorize(HttpRequest.GET("/").bearerAuth("sixteen-chars-token")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> token.authorize(HttpRequest.GET("/"))).hasMessageContaining("needs Authorization");
        assertThatThrownBy(() -> token.authorize(HttpRequest.GET("/").bearerAuth("sixteen-chars-tokem")))
                .hasMessageContaining("not the admin token");
        assertThatThrownBy(() -> token.authorize(HttpRequest.GET("/").basicAuth("a", "b")))
                .hasMessageContaining("needs Authorization");
    }
}
