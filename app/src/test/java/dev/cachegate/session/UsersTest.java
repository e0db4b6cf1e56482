package dev.cachegate.session;

import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsersTest {

    private static final String ALICE = "alice:" + PasswordHash.hash("correct horse battery staple");

    @Test
    void productionModeRefusesToStartWithoutUsersNamingTheKey() {
        assertThatThrownBy(() -> new Users(config(List.of()), "production"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cachegate.session.users (CACHEGATE_SESSION_USERS) must be set in production")
                .hasMessageContaining("dev.cachegate.session.PasswordHash");
    }

    @Test
    void onlyTheEmbeddedDefaultLetsAnyUsernameIn() {
        assertThat(new Users(config(List.of()), "embedded").authenticate("anyone", null)).isTrue();
    }

    @Test
    void aConfiguredUserLogsInWithThePasswordOnly() {
        Users users = new Users(config(List.of(ALICE)), "production");

        assertThat(users.authenticate("alice", "correct horse battery staple")).isTrue();
        assertThat(users.authenticate("alice", "Correct horse battery staple")).isFalse();
        assertThat(users.authenticate("alice", null)).isFalse();
        assertThat(users.authenticate("mallory", "correct horse battery staple")).as("an unknown user").isFalse();
    }

    @Test
    void aPlaintextPasswordIsRefusedAtStartupWithoutEchoingIt() {
        assertThatThrownBy(() -> config(List.of(ALICE, "bob:hunter2-plaintext")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 2 for 'bob' is not a bcrypt hash")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> config(List.of(":" + PasswordHash.hash("x")))).hasMessageContaining("has no username");
    }

    private static SessionConfig config(List<String> users) {
        return new SessionConfig(List.of(), Duration.ofMinutes(30), Duration.ofHours(12), "cachegate_session", null, users);
    }
}
