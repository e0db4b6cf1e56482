package dev.cachegate.embedded;

/** The embedded Redis or PostgreSQL servers could not be started. */
public final class EmbeddedServersException extends RuntimeException {

    /**
     * @param message what failed
     * @param cause   the underlying failure
     */
    public EmbeddedServersException(String message, Throwable cause) {
        super(message, cause);
    }
}
