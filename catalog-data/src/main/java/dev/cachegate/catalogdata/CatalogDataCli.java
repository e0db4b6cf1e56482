package dev.cachegate.catalogdata;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Command-line entry point that loads the synthetic catalog into a cachegate database; see
 * {@code catalog-data/README.md} and {@code catalog-data/load.sh}.
 *
 * <p>Design: a thin shell around {@link CliArguments} and {@link CatalogLoader}. Exit codes
 * separate "you called it wrong" (2, one-line message) from "the load failed" (1, the failure's
 * message; a stack trace only with {@code --verbose}), so scripts can tell them apart. The work is
 * done by {@link #run} with the environment, the connection factory and the output streams passed
 * in, which keeps it testable without a database or {@link System#exit}.
 */
public final class CatalogDataCli {

    private static final String PREFIX = "catalog-data: ";

    private CatalogDataCli() {
    }

    /**
     * Runs the CLI and exits with its status: 0 on success, 1 if the load failed, 2 for bad arguments.
     *
     * @param args command-line arguments, see {@code --help}
     */
    public static void main(String[] args) {
        int status = run(args, System.getenv(), CatalogDataCli::connect, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args, Map<String, String> env, Connector connector, PrintStream out, PrintStream err) {
        CliArguments arguments;
        try {
            arguments = CliArguments.parse(args, env);
        } catch (CliArguments.UsageException e) {
            err.println(PREFIX + e.getMessage() + " (see --help)");
            return 2;
        }
        if (arguments.help()) {
            out.println(CliArguments.USAGE);
            return 0;
        }
        try (Connection connection = connector.connect(arguments.jdbcUrl(), arguments.user(), arguments.password())) {
            LoadReport report = new CatalogLoader(new CatalogGenerator(arguments.seed()))
                    .load(connection, arguments.count());
            out.println(summary(report));
            out.println("load-test traffic model: " + PopularityModel.standard(arguments.count()));
            return 0;
        } catch (SQLException | RuntimeException e) {
            err.println(PREFIX + "load failed: " + describe(e));
            if (arguments.verbose()) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    /** Formats a report as e.g. {@code loaded 5,000,000 products in 41.3 s (121,065 rows/s)}. */
    static String summary(LoadReport report) {
        return String.format(Locale.ROOT, "loaded %,d products in %.1f s (%,d rows/s)",
                report.rows(), report.elapsed().toMillis() / 1000.0, Math.round(report.rowsPerSecond()));
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static Connection connect(String jdbcUrl, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "cachegate-catalog-data");
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    /** Opens the database connection; {@link DriverManager} in production. */
    @FunctionalInterface
    interface Connector {
        Connection connect(String jdbcUrl, String user, String password) throws SQLException;
    }
}
