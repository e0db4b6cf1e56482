package dev.cachegate;

import java.time.Duration;
import java.util.Currency;

/**
 * The checks configuration records run in their constructors, so that every bad value is refused at startup with a
 * message that names its key and echoes the value (never a secret).
 */
public final class ConfigChecks {

    private ConfigChecks() {
    }

    /**
     * @param key   the full property name
     * @param value its value
     * @return the value
     * @throws IllegalArgumentException unless it is a positive duration
     */
    public static Duration positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration but was " + value);
        }
        return value;
    }

    /**
     * @param key   the full property name
     * @param value its value
     * @return the value
     * @throws IllegalArgumentException when it is missing or negative
     */
    public static Duration notNegative(String key, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(key + " must not be negative but was " + value);
        }
        return value;
    }

    /**
     * @param key   the full property name
     * @param value its value
     * @return the value
     * @throws IllegalArgumentException unless it is a whole number of seconds, at least one (pgjdbc's timeouts)
     */
    public static Duration wholeSeconds(String key, Duration value) {
        if (value == null || value.toMillis() < 1000 || value.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(key + " must be a whole number of seconds, at least 1s, but was "
                    + value);
        }
        return value;
    }

    /**
     * @param key      the full property name
     * @param value    its value
     * @param boundKey the property it must stay below
     * @param bound    that property's value
     * @return the value
     * @throws IllegalArgumentException unless {@code value < bound}
     */
    public static Duration shorterThan(String key, Duration value, String boundKey, Duration bound) {
        if (value.compareTo(bound) >= 0) {
            throw new IllegalArgumentException(key + " must be shorter than " + boundKey + " (" + bound + ") but was "
                    + value);
        }
        return value;
    }

    /**
     * @param key   the full property name
     * @param value its value
     * @param min   the smallest allowed
     * @param max   the largest allowed
     * @return the value
     * @throws IllegalArgumentException unless {@code min <= value <= max}
     */
    public static double between(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(key + " must be between " + format(min) + " and " + format(max)
                    + " but was " + format(value));
        }
        return value;
    }

    /**
     * @param code a candidate currency code
     * @return whether it is an ISO 4217 code the JDK knows, in upper case
     */
    public static boolean isIso4217(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
