package dev.cachegate.testinfra;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Chooses the test servers' provider from {@code -Dcachegate.test.infra} (or env {@code CACHEGATE_TEST_INFRA}):
 * {@code embedded} (the default: binaries from Maven, needs nothing but a JDK), {@code testcontainers} (Docker images;
 * fails when there is no Docker engine rather than quietly testing something else), or {@code auto} (Docker when
 * present, else embedded).
 */
public final class InfrastructureSelector {

    /** The system property naming the provider. */
    public static final String PROPERTY = "cachegate.test.infra";

    /** The providers. */
    public enum Provider { EMBEDDED, TESTCONTAINERS }

    private InfrastructureSelector() {
    }

    /**
     * @param requested       the requested provider, null or blank for the default
     * @param dockerAvailable whether a Docker engine answers; asked only when it matters
     * @return the provider
     * @throws IllegalArgumentException for an unknown name, echoing it
     * @throws IllegalStateException    when Testcontainers is requested and there is no Docker engine
     */
    public static Provider select(String requested, BooleanSupplier dockerAvailable) {
        String name = requested == null || requested.isBlank() ? "embedded" : requested.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "embedded" -> Provider.EMBEDDED;
            case "auto" -> dockerAvailable.getAsBoolean() ? Provider.TESTCONTAINERS : Provider.EMBEDDED;
            case "testcontainers" -> {
                if (!dockerAvailable.getAsBoolean()) {
                    throw new IllegalStateException(PROPERTY + "=testcontainers needs a Docker engine and none answers;"
                            + " start Docker, or use " + PROPERTY + "=embedded (the default)");
                }
                yield Provider.TESTCONTAINERS;
            }
            default -> throw new IllegalArgumentException(PROPERTY + " must be one of embedded, testcontainers, auto "
                    + "but was '" + requested + "'");
        };
    }
}
