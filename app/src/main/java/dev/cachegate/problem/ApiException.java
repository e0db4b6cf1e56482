package dev.cachegate.problem;

/**
 * Base of the exceptions that become a problem response. Each subclass names its {@link ProblemType}; its message is
 * the {@code detail} the client sees, so it must say what was wrong with the request and echo the offending value.
 */
public abstract class ApiException extends RuntimeException {

    private final ProblemType type;

    /**
     * @param type   the problem type
     * @param detail the client-facing detail
     */
    protected ApiException(ProblemType type, String detail) {
        super(detail);
        this.type = type;
    }

    /**
     * @param type   the problem type
     * @param detail the client-facing detail
     * @param cause  the underlying failure, logged but never shown to the client
     */
    protected ApiException(ProblemType type, String detail, Throwable cause) {
        super(detail, cause);
        this.type = type;
    }

    /** @return headers the response must carry besides the problem, e.g. {@code Retry-After} */
    public java.util.Map<String, String> headers() {
        return java.util.Map.of();
    }

    /** @return the problem type */
    public ProblemType type() {
        return type;
    }

    /**
     * Quotes a client-supplied value for a detail message, cut to a length that keeps the message readable.
     *
     * @param value the raw value
     * @return the value in single quotes, at most 64 characters of it
     */
    protected static String quote(String value) {
        String shown = value.length() <= 64 ? value : value.substring(0, 64) + "…";
        return "'" + shown + "'";
    }
}
