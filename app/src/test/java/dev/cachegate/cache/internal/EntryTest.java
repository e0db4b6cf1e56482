package dev.cachegate.cache.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EntryTest {

    @Test
    void expiredFromItsExpiryOnNotBefore() {
        Entry<TestItem> entry = new Entry<>(new TestItem(1, "x"), 1, 100, 200, 0);

        assertThat(entry.expiredAt(199)).isFalse();
        assertThat(entry.expiredAt(200)).as("at expiresAt it must no longer be served").isTrue();
    }
}
