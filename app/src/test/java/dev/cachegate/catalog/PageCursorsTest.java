package dev.cachegate.catalog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageCursorsTest {

    private final PageCursors cursors = new PageCursors("a-secret-of-sixteen+");

    @Test
    void roundTripsTheLastId() {
        assertThat(cursors.decode(cursors.encode(1))).isEqualTo(1);
        assertThat(cursors.decode(cursors.encode(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void isUrlSafeAndOpaque() {
        assertThat(cursors.encode(123_456)).matches("[A-Za-z0-9_-]+").doesNotContain("123456");
    }

    @Test
    void rejectsEveryAlteredCharacter() {
        String cursor = cursors.encode(42);
        for (int i = 0; i < cursor.length(); i++) {
            char replacement = cursor.charAt(i) == 'x' ? 'y' : 'x';
            String altered = cursor.substring(0, i) + replacement + cursor.substring(i + 1);
            assertThatThrownBy(() -> cursors.decode(altered)).as("altered at %d", i)
                    .isInstanceOf(InvalidPageRequestException.class);
        }
    }

    @Test
    void rejectsCursorsSignedWithAnotherKey() {
        String foreign = new PageCursors("another-secret-of-sixteen").encode(42);
        assertThatThrownBy(() -> cursors.decode(foreign)).isInstanceOf(InvalidPageRequestException.class)
                .hasMessageContaining("'" + foreign + "'");
    }

    @Test
    void rejectsGarbage() {
        for (String garbage : new String[] {"", "!!!", "abc", "AAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {
            assertThatThrownBy(() -> cursors.decode(garbage)).isInstanceOf(InvalidPageRequestException.class);
        }
    }
}
