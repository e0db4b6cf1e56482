package dev.cachegate.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {

    private static final Set<String> KNOWN = Set.of("keys", "rate", "delay", "name", "rows", "seed");
    private static final String USAGE = "usage: try --keys N";

    private static CommandLine parse(String... args) {
        return CommandLine.parse(args, KNOWN, USAGE);
    }

    @Test
    void spaceAndEqualsFormsAndFallbacks() {
        CommandLine line = parse("--keys", "1_000", "--rate=2.5", "", "--name=a=b", "--seed", "-7");
        assertThat(line.integer("keys", 5)).isEqualTo(1_000);
        assertThat(line.decimal("rate", 1)).isEqualTo(2.5);
        assertThat(line.string("name", "x")).isEqualTo("a=b");
        assertThat(line.longValue("seed", 42)).isEqualTo(-7);
        assertThat(line.has("delay")).isFalse();
        assertThat(line.positiveInt("rows", 3)).isEqualTo(3);
        assertThat(line.duration("delay", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(line.list("rows", List.of("1"))).containsExactly("1");
        assertThat(parse("--keys", "1", "--keys=2").integer("keys", 0)).isEqualTo(2);
        assertThat(parse("--keys", "12,000").integer("keys", 0)).isEqualTo(12_000);
    }

    @Test
    void durations() {
        assertThat(parse("--delay", "250ms").duration("delay", null)).isEqualTo(Duration.ofMillis(250));
        assertThat(parse("--delay", "2s").duration("delay", null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(parse("--delay", "0.05s").duration("delay", null)).isEqualTo(Duration.ofMillis(50));
        assertThat(parse("--delay", "75").duration("delay", null)).isEqualTo(Duration.ofMillis(75));
        assertThat(parse("--delay", "PT3S").duration("delay", null)).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> parse("--delay", "soon").duration("delay", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--delay must be a duration such as 250ms")
                .hasMessageContaining("but was 'soon'")
                .hasMessageEndingWith(USAGE);
    }

    @Test
    void lists() {
        assertThat(parse("--rows", "1, 4,,8").list("rows", List.of())).containsExactly("1", "4", "8");
        assertThatThrownBy(() -> parse("--rows", ",").list("rows", List.of()))
                .hasMessageContaining("--rows must be a comma-separated list but was ','");
    }

    @Test
    void unknownOptionIsNamedWithTheUsage() {
        assertThatThrownBy(() -> parse("--keys", "1", "--bogus", "2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option '--bogus'")
                .hasMessageEndingWith("\n" + USAGE);
        assertThatThrownBy(() -> parse("--bogus=2")).hasMessageContaining("unknown option '--bogus=2'");
    }

    @Test
    void malformedArguments() {
        assertThatThrownBy(() -> parse("keys", "1"))
                .hasMessageContaining("expected --name value or --name=value but got 'keys'");
        assertThatThrownBy(() -> parse("--keys"))
                .hasMessageContaining("option --keys needs a value")
                .hasMessageEndingWith(USAGE);
    }

    @Test
    void badValuesAreEchoed() {
        assertThatThrownBy(() -> parse("--keys", "many").integer("keys", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--keys must be a whole number but was 'many'")
                .hasMessageEndingWith(USAGE);
        assertThatThrownBy(() -> parse("--keys", "3000000000").integer("keys", 1))
                .hasMessageContaining("--keys must be a whole number between")
                .hasMessageContaining("but was '3000000000'");
        assertThatThrownBy(() -> parse("--rate", "fast").decimal("rate", 1))
                .hasMessageStartingWith("--rate must be a number but was 'fast'");
        assertThatThrownBy(() -> parse("--keys", "0").positiveInt("keys", 1))
                .hasMessageStartingWith("--keys must be positive but was 0");
        assertThatThrownBy(() -> parse("--keys", "-1").notNegativeInt("keys", 1))
                .hasMessageStartingWith("--keys must be zero or more but was -1");
    }

    @Test
    void requireAndRequired() {
        CommandLine line = parse("--keys", "9");
        line.require("keys", true, "small", 9);
        assertThatThrownBy(() -> line.require("keys", false, "between 1 and 5", 9))
                .hasMessage("--keys must be between 1 and 5 but was 9\n" + USAGE);
        assertThat(line.required("keys")).isEqualTo("9");
        assertThatThrownBy(() -> line.required("name")).hasMessageStartingWith("--name is required");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--x"}, Set.of(), ""))
                .hasMessage("unknown option '--x'");
    }

    @Test
    void benchmarkOptionsKeepTheirDefaults() {
        assertThat(CacheLatencyBenchmark.Options.parse(new String[] {""})).isEqualTo(new CacheLatencyBenchmark.Options(
                20_000, 5_000, 50_000, 20_000, 20_000, 4, Duration.ofSeconds(5), 200_000_000L, 42));
        assertThat(PeerCacheBenchmark.Options.parse(new String[0])).isEqualTo(new PeerCacheBenchmark.Options(
                5_000, 20_000, 100_000, 2, Duration.ofSeconds(3), 300, Duration.ofMillis(50), 50, 42, null));
        assertThat(PeerCacheBenchmark.Options.parse(new String[] {"--load-delay", "0.25s", "--json=x.json"}))
                .extracting(PeerCacheBenchmark.Options::loadDelay, o -> o.json().toString())
                .containsExactly(Duration.ofMillis(250), "x.json");
    }
}
