package dev.cachegate.catalogdata;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Parsed command line of {@link CatalogDataCli}.
 *
 * <p>Design: parsing is a pure function of the arguments and the environment, kept apart from the
 * CLI's I/O so every rule and error message is unit-testable. Errors are {@link UsageException}s
 * whose messages echo the offending value (never a password) and fit on one line.
 *
 * @param jdbcUrl  {@code jdbc:postgresql:} URL of the target database
 * @param user     database user
 * @param password database password, possibly empty
 * @param count    number of products to load, at least 1
 * @param seed     generator seed
 * @param verbose  print stack traces on failure
 * @param help     print usage and exit
 */
record CliArguments(String jdbcUrl, String user, String password, long count, long seed, boolean verbose,
                    boolean help) {

    static final long DEFAULT_COUNT = 100_000;
    static final String DEFAULT_USER = "postgres";

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: load.sh --jdbc-url URL [--user USER] [--password PASSWORD] [--count N] [--seed S] [--verbose]",
            "",
            "Loads products 1..N of the deterministic catalog into the (empty) products table with COPY.",
            "",
            "  --jdbc-url URL       jdbc:postgresql://host:port/database (required)",
            "  --user USER          database user (default " + DEFAULT_USER + ")",
            "  --password PASSWORD  database password (default: $PGPASSWORD, else empty)",
            "  --count N            products to load (default 100k); 5000000, 5_000_000, 5m, 2.5m, 100k",
            "  --seed S             generator seed (default " + CatalogGenerator.DEFAULT_SEED + ")",
            "  --verbose            print stack traces on failure",
            "  --help               print this help");

    /**
     * Parses the arguments; options take a value either as the next argument or after {@code =}.
     *
     * @param args command-line arguments
     * @param env  environment, consulted for {@code PGPASSWORD}
     * @throws UsageException if an argument is unknown, missing or malformed
     */
    static CliArguments parse(String[] args, Map<String, String> env) {
        String jdbcUrl = null;
        String user = DEFAULT_USER;
        String password = null;
        long count = DEFAULT_COUNT;
        long seed = CatalogGenerator.DEFAULT_SEED;
        boolean verbose = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--verbose", "-v" -> verbose = true;
                case "--jdbc-url", "--user", "--password", "--count", "--seed" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--jdbc-url" -> jdbcUrl = parseJdbcUrl(value);
                        case "--user" -> user = requireNonBlank(name, value);
                        case "--password" -> password = value;
                        case "--count" -> count = parseCount(value);
                        default -> seed = parseSeed(value);
                    }
                }
                default -> throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        if (help) {
            return new CliArguments(jdbcUrl, user, "", count, seed, verbose, true);
        }
        if (jdbcUrl == null) {
            throw new UsageException("--jdbc-url is required");
        }
        if (password == null) {
            password = Objects.requireNonNullElse(env.get("PGPASSWORD"), "");
        }
        return new CliArguments(jdbcUrl, user, password, count, seed, verbose, false);
    }

    /**
     * Parses a product count: digits with optional {@code _} or {@code ,} separators, optionally a
     * decimal number with a {@code k} (thousand) or {@code m} (million) suffix.
     *
     * @throws UsageException if the text is not a whole number of at least 1
     */
    static long parseCount(String text) {
        String cleaned = text.strip().replace("_", "").replace(",", "").toLowerCase(Locale.ROOT);
        long multiplier = 1;
        if (cleaned.endsWith("k")) {
            multiplier = 1_000;
        } else if (cleaned.endsWith("m")) {
            multiplier = 1_000_000;
        }
        if (multiplier != 1) {
            cleaned = cleaned.substring(0, cleaned.length() - 1);
        }
        if (!cleaned.matches("\\d+(\\.\\d+)?")) {
            throw badCount(text);
        }
        try {
            long count = new BigDecimal(cleaned).multiply(BigDecimal.valueOf(multiplier)).longValueExact();
            if (count < 1) {
                throw badCount(text);
            }
            return count;
        } catch (ArithmeticException e) {
            throw badCount(text);
        }
    }

    private static UsageException badCount(String text) {
        return new UsageException("--count must be a whole number of at least 1 (e.g. 100000, 100k, 5m or 5_000_000)"
                + " but was '" + text + "'");
    }

    private static long parseSeed(String text) {
        try {
            return Long.parseLong(text.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--seed must be a whole number (a Java long) but was '" + text + "'");
        }
    }

    private static String parseJdbcUrl(String text) {
        if (!text.startsWith("jdbc:postgresql:")) {
            throw new UsageException("--jdbc-url must start with jdbc:postgresql: but was '" + text + "'");
        }
        return text;
    }

    private static String requireNonBlank(String name, String value) {
        if (value.isBlank()) {
            throw new UsageException(name + " must not be blank but was '" + value + "'");
        }
        return value;
    }

    @Override
    public String toString() {
        return "CliArguments[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
                + ", count=" + count + ", seed=" + seed + ", verbose=" + verbose + ", help=" + help + "]";
    }

    /** A command-line mistake, reported as one line with exit code 2. */
    static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
