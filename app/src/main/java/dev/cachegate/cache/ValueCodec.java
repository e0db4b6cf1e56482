package dev.cachegate.cache;

/**
 * Turns values into the text stored in Redis and back.
 *
 * @param <V> the value type
 */
public interface ValueCodec<V> {

    /**
     * @param value the value
     * @return its text form
     */
    String encode(V value);

    /**
     * @param text a text form from {@link #encode(Object)}
     * @return the value
     */
    V decode(String text);
}
