package dev.cachegate.cache.internal;

import dev.cachegate.cache.ValueCodec;
import dev.cachegate.cache.Versioned;

/** The value the cache-core tests store: a version and a payload, encoded as {@code <version>:<payload>}. */
record TestItem(long version, String payload) implements Versioned {

    static final ValueCodec<TestItem> CODEC = new ValueCodec<>() {
        @Override
        public String encode(TestItem value) {
            return value.version() + ":" + value.payload();
        }

        @Override
        public TestItem decode(String text) {
            int colon = text.indexOf(':');
            return new TestItem(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
        }
    };
}
