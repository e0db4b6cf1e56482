package dev.cachegate.testinfra;

import java.util.Locale;

/**
 * Checks the test servers' provider named by {@code -Dcachegate.test.infra} (or env {@code CACHEGATE_TEST_INFRA}).
 * There is one: {@code embedded} (the default: binaries from Maven, needs nothing but a JDK). Any other name fails
 * rather than quietly testing on something else.
 */
public final class InfrastructureSelector {

    /** The system property naming the provider. */
    public static final String PROPERTY = "cachegate.test.infra";

    /** The providers. */
    public enum Provider { EMBEDDED }

    private InfrastructureSelector() {
    }

    /**
     * @param requested the requested provider, null or blank for the default
     * @return the provider
     * @throws IllegalArgumentException for an unknown name, echoing it
     */
    public static Provider select(String requested) {
        String name = requested == null || requested.isBlank() ? "embedded" : requested.trim().toLowerCase(Locale.ROOT);
        if (!name.equals("embedded")) {
            throw new IllegalArgumentException(PROPERTY + " must be embedded (the only provider) but was '"
                    + requested + "'");
        }
        return Provider.EMBEDDED;
    }
}
