package dev.cachegate.problem;

/** A backing server (Redis, the PostgreSQL primary or replica) could not be reached: 503. */
public final class DependencyUnavailableException extends ApiException {

    private final String dependency;

    /**
     * @param dependency the server's role, e.g. {@code postgres-replica}
     * @param cause      the connection failure
     */
    public DependencyUnavailableException(String dependency, Throwable cause) {
        super(ProblemType.DEPENDENCY_UNAVAILABLE, dependency + " is unavailable; retry later", cause);
        this.dependency = dependency;
    }

    /** @return the server's role */
    public String dependency() {
        return dependency;
    }
}
