package dev.cachegate.bench;

import java.time.DateTimeException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code --name value} / {@code --name=value} options of a benchmark or demo main.
 *
 * <p>{@link #parse(String[], Set, String)} rejects an option outside the known names; the typed getters return the
 * fallback for an option not given. Every failure is an {@link IllegalArgumentException} whose message names the
 * option, echoes the offending text and ends with the usage. A later occurrence of an option replaces an earlier one;
 * blank arguments (as an empty {@code -Dexec.args} leaves) are skipped. Whole numbers may be grouped with {@code _}
 * or {@code ,}; durations are {@code 250ms}, {@code 2s}, {@code 0.05s}, a plain number of milliseconds or ISO-8601
 * ({@code PT2S}).
 */
public final class CommandLine {

    private final Map<String, String> values;
    private final String usage;

    private CommandLine(Map<String, String> values, String usage) {
        this.values = values;
        this.usage = usage;
    }

    /**
     * @param args  the main's arguments
     * @param known the option names accepted, without the leading {@code --}
     * @param usage appended to every error message; may be empty
     * @return the options given
     * @throws IllegalArgumentException for an argument that is not an option, an unknown option or a missing value
     */
    public static CommandLine parse(String[] args, Set<String> known, String usage) {
        CommandLine line = new CommandLine(new LinkedHashMap<>(), usage == null ? "" : usage);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.isBlank()) {
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw line.failure("expected --name value or --name=value but got '" + arg + "'");
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (!known.contains(name)) {
                throw line.failure("unknown option '" + arg + "'");
            }
            if (equals >= 0) {
                line.values.put(name, arg.substring(equals + 1));
            } else if (i + 1 < args.length) {
                line.values.put(name, args[++i]);
            } else {
                throw line.failure("option --" + name + " needs a value");
            }
        }
        return line;
    }

    /**
     * Runs a main's option parser; on an {@link IllegalArgumentException} prints {@code program: message} to
     * standard error and exits with status 2.
     *
     * @param program named at the start of the error line
     * @param parser  turns the arguments into the main's options, e.g. {@code Options::parse}
     * @param args    the main's arguments
     * @param <T>     the options' type
     * @return the parsed options
     */
    public static <T> T parseOrExit(String program, Function<String[], T> parser, String[] args) {
        try {
            return parser.apply(args);
        } catch (IllegalArgumentException e) {
            System.out.flush();
            System.err.println(program + ": " + e.getMessage());
            System.err.flush();
            System.exit(2);
            throw e;
        }
    }

    /**
     * @param name option name without {@code --}
     * @return whether the option was given
     */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * @param name     option name without {@code --}
     * @param fallback returned when the option is absent; may be null
     * @return the option's text
     */
    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /**
     * @param name option name without {@code --}
     * @return the option's text
     * @throws IllegalArgumentException when the option is absent
     */
    public String required(String name) {
        String text = values.get(name);
        if (text == null) {
            throw failure("--" + name + " is required");
        }
        return text;
    }

    /**
     * @param name     option name without {@code --}
     * @param fallback returned when the option is absent
     * @return the option as an int
     */
    public int integer(String name, int fallback) {
        long value = longValue(name, fallback);
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw invalid(name, "a whole number between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    /**
     * @param name     option name without {@code --}
     * @param fallback returned when the option is absent
     * @return the option as an int of at least 1
     */
    public int positiveInt(String name, int fallback) {
        int value = integer(name, fallback);
        require(name, value >= 1, "positive", value);
        return value;
    }

    /**
     * @param name     option name without {@code --}
     * @param fallback returned when the option is absent
     * @return the option as an int of at least 0
     */
    public int notNegativeInt(String name, int fallback) {
        int value = integer(name, fallback);
        require(name, value >= 0, "zero or more", value);
        return value;
    }

    /**
     * @param name     option name without {@code --}
     * @param fallback returned when the option is absent
     * @return the option as a long
     */
    public long longValue(String name, long fallback) {
        return value(name, fallback, "a whole number",
                text -> Long.parseLong(text.trim().replace("_", "").replace(",", "")));
    }

    /**
     * @param name     option name without {@code --}
     * @param fallback returned when the option is absent
     * @return the option as a finite double
     */
    public double decimal(String name, double fallback) {
        return value(name, fallback, "a number", text -> finite(Double.parseDouble(text.trim().replace("_", ""))));
    }

    /**
     * @param name     option name without {@code --}
     * @param fallback returned when the option is absent; may be null
     * @return the option as a duration: {@code 250ms}, {@code 2s}, {@code 0.05s}, milliseconds or ISO-8601
     */
    public Duration duration(String name, Duration fallback) {
        return value(name, fallback, "a duration such as 250ms, 2s, 0.05s or 50 (milliseconds)",
                text -> parseDuration(text.trim().toLowerCase(Locale.ROOT)));
    }

    private static Duration parseDuration(String text) {
        if (text.startsWith("p") || text.startsWith("-p")) {
            return Duration.parse(text);
        }
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).trim()));
        }
        if (text.endsWith("s")) {
            double seconds = finite(Double.parseDouble(text.substring(0, text.length() - 1).trim()));
            return Duration.ofMillis(Math.round(seconds * 1000));
        }
        return Duration.ofMillis(Long.parseLong(text));
    }

    private static double finite(double value) {
        if (!Double.isFinite(value)) {
            throw new NumberFormatException("not finite: " + value);
        }
        return value;
    }

    /**
     * @param name     option name without {@code --}
     * @param fallback returned when the option is absent
     * @return the option's comma-separated items, trimmed, blanks dropped
     */
    public List<String> list(String name, List<String> fallback) {
        return value(name, fallback, "a comma-separated list", text -> {
            List<String> items = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (items.isEmpty()) {
                throw new IllegalArgumentException("empty list");
            }
            return items;
        });
    }

    /**
     * Fails unless a check of an option's value holds.
     *
     * @param name        option name without {@code --}
     * @param valid       the check's outcome
     * @param requirement what the value must be, completing "--name must be ..."
     * @param value       the value, echoed in the message
     * @throws IllegalArgumentException when {@code valid} is false
     */
    public void require(String name, boolean valid, String requirement, Object value) {
        if (!valid) {
            throw failure("--" + name + " must be " + requirement + " but was " + value);
        }
    }

    private <T> T value(String name, T fallback, String requirement, Function<String, T> parser) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            throw invalid(name, requirement);
        }
    }

    private IllegalArgumentException invalid(String name, String requirement) {
        return failure("--" + name + " must be " + requirement + " but was '" + values.get(name) + "'");
    }

    private IllegalArgumentException failure(String message) {
        return new IllegalArgumentException(usage.isEmpty() ? message : message + "\n" + usage);
    }
}
