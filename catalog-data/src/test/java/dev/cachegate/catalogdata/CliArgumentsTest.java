package dev.cachegate.catalogdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CliArgumentsTest {

    private static final String URL = "jdbc:postgresql://localhost:5432/cachegate";

    @ParameterizedTest
    @CsvSource({
        "5000000, 5000000",
        "5_000_000, 5000000",
        "'5,000,000', 5000000",
        "5m, 5000000",
        "5M, 5000000",
        "2.5m, 2500000",
        "100k, 100000",
        "100K, 100000",
        "1_500k, 1500000",
        "1, 1",
    })
    void countAcceptsPlainSeparatedAndSuffixedNumbers(String text, long expected) {
        assertThat(CliArguments.parseCount(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "abc", "5x", "1.5", "0.0000001m", "m", "", "99999999999999999999", "5 m", "1e6"})
    void badCountIsRejectedWithTheValueEchoed(String text) {
        assertThatThrownBy(() -> CliArguments.parseCount(text))
                .isInstanceOf(CliArguments.UsageException.class)
                .hasMessageStartingWith("--count must be a whole number of at least 1")
                .hasMessageEndingWith("but was '" + text + "'");
    }

    @Test
    void defaultsApplyWhenOnlyTheUrlIsGiven() {
        CliArguments arguments = CliArguments.parse(new String[] {"--jdbc-url", URL}, Map.of());
        assertThat(arguments.jdbcUrl()).isEqualTo(URL);
        assertThat(arguments.user()).isEqualTo("postgres");
        assertThat(arguments.password()).isEmpty();
        assertThat(arguments.count()).isEqualTo(100_000);
        assertThat(arguments.seed()).isEqualTo(CatalogGenerator.DEFAULT_SEED);
        assertThat(arguments.verbose()).isFalse();
        assertThat(arguments.help()).isFalse();
    }

    @Test
    void everyOptionIsParsedInSeparateAndEqualsForms() {
        CliArguments arguments = CliArguments.parse(new String[] {
            "--jdbc-url=" + URL, "--user", "app", "--password=s3cret", "--count", "5m", "--seed", "-12_345", "--verbose",
        }, Map.of());
        assertThat(arguments.jdbcUrl()).isEqualTo(URL);
        assertThat(arguments.user()).isEqualTo("app");
        assertThat(arguments.password()).isEqualTo("s3cret");
        assertThat(arguments.count()).isEqualTo(5_000_000);
        assertThat(arguments.seed()).isEqualTo(-12_345);
        assertThat(arguments.verbose()).isTrue();
        assertThat(arguments.toString()).doesNotContain("s3cret");
    }

    @Test
    void passwordFallsBackToPgpasswordButTheOptionWins() {
        Map<String, String> env = Map.of("PGPASSWORD", "from-env");
        assertThat(CliArguments.parse(new String[] {"--jdbc-url", URL}, env).password()).isEqualTo("from-env");
        assertThat(CliArguments.parse(new String[] {"--jdbc-url", URL, "--password", "flag"}, env).password())
                .isEqualTo("flag");
        assertThat(CliArguments.parse(new String[] {"--jdbc-url", URL, "--password", ""}, env).password()).isEmpty();
    }

    @Test
    void helpNeedsNoOtherArguments() {
        assertThat(CliArguments.parse(new String[] {"--help"}, Map.of()).help()).isTrue();
        assertThat(CliArguments.parse(new String[] {"-h"}, Map.of()).help()).isTrue();
    }

    @Test
    void missingUrlIsAUsageError() {
        assertUsageError(new String[] {"--count", "10"}, "--jdbc-url is required");
    }

    @Test
    void nonPostgresUrlIsRejectedWithTheValueEchoed() {
        assertUsageError(new String[] {"--jdbc-url", "jdbc:mysql://x/y"},
                "--jdbc-url must start with jdbc:postgresql: but was 'jdbc:mysql://x/y'");
    }

    @Test
    void optionWithoutValueIsAUsageError() {
        assertUsageError(new String[] {"--jdbc-url", URL, "--count"}, "--count needs a value");
    }

    @Test
    void unknownArgumentIsRejectedWithTheValueEchoed() {
        assertUsageError(new String[] {"--jdbc-url", URL, "--cuont", "5"}, "unknown argument '--cuont'");
        assertUsageError(new String[] {"--jdbc-url", URL, "stray"}, "unknown argument 'stray'");
    }

    @Test
    void badSeedIsRejectedWithTheValueEchoed() {
        assertUsageError(new String[] {"--jdbc-url", URL, "--seed", "lucky"},
                "--seed must be a whole number (a Java long) but was 'lucky'");
    }

    @Test
    void blankUserIsRejected() {
        assertUsageError(new String[] {"--jdbc-url", URL, "--user", " "}, "--user must not be blank but was ' '");
    }

    private static void assertUsageError(String[] args, String message) {
        assertThatThrownBy(() -> CliArguments.parse(args, Map.of()))
                .isInstanceOf(CliArguments.UsageException.class)
                .hasMessage(message);
    }
}
