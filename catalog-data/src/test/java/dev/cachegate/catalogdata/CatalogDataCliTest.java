package dev.cachegate.catalogdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogDataCliTest {

    private static final String URL = "jdbc:postgresql://localhost:5432/cachegate";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static final CatalogDataCli.Connector UNREACHABLE = (url, user, password) -> {
        throw new SQLException("Connection to localhost:5432 refused.\nCheck that the hostname and port are correct.");
    };

    @Test
    void badArgumentExitsWithTwoAndOneLineNamingTheValue() {
        int status = run(UNREACHABLE, "--jdbc-url", URL, "--count", "lots");

        assertThat(status).isEqualTo(2);
        assertThat(stderr()).hasLineCount(1).contains("'lots'").startsWith("catalog-data: --count");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void failedLoadExitsWithOneAndTheMessageButNoStackTrace() {
        int status = run(UNREACHABLE, "--jdbc-url", URL);

        assertThat(status).isEqualTo(1);
        assertThat(stderr()).hasLineCount(1).isEqualTo("catalog-data: load failed: Connection to localhost:5432 refused."
                + " Check that the hostname and port are correct." + System.lineSeparator());
    }

    @Test
    void verboseFailedLoadAddsTheStackTrace() {
        int status = run(UNREACHABLE, "--jdbc-url", URL, "--verbose");

        assertThat(status).isEqualTo(1);
        assertThat(stderr()).contains("java.sql.SQLException").contains("\tat ");
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        int status = run(UNREACHABLE, "--help");

        assertThat(status).isZero();
        assertThat(stdout()).startsWith("usage: load.sh --jdbc-url URL").contains("--count N");
    }

    @Test
    void connectorReceivesUserAndPassword() {
        String[] seen = new String[3];
        CatalogDataCli.Connector recording = (url, user, password) -> {
            seen[0] = url;
            seen[1] = user;
            seen[2] = password;
            throw new SQLException("stop here");
        };
        CatalogDataCli.run(new String[] {"--jdbc-url", URL, "--user", "app"}, Map.of("PGPASSWORD", "pw"), recording,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(seen).containsExactly(URL, "app", "pw");
    }

    private int run(CatalogDataCli.Connector connector, String... args) {
        return CatalogDataCli.run(args, Map.of(), connector, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
