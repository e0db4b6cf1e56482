package dev.cachegate.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

/**
 * The checks configuration records run in their constructors, so that every bad value is refused at startup with a
 * message that names its key and echoes the value (never a secret).
 *
 * <p>A record declares each component's rule as an annotation next to its {@code @Bindable} default
 * ({@link Positive}, {@link NotNegative}, {@link WholeSeconds}, {@link Between}, {@link ShorterThan}) and its compact
 * constructor makes one call, {@link #check(Class, Object...)}, with its components in order. The key of each message
 * is the record's {@code @ConfigurationProperties} prefix (a nested record's after its enclosing record's) and the
 * component's name in kebab case, so neither is written twice. Rules no annotation expresses stay in the constructor, after that call.
 */
public final class ConfigChecks {

    /** A positive duration, or a number of at least 1. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Positive {
    }

    /** A duration or number that is not negative. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface NotNegative {
    }

    /** A whole number of seconds, at least one (pgjdbc's timeouts). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface WholeSeconds {
    }

    /** A number from {@link #min()} to {@link #max()}, both included. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Between {
        /** @return the smallest allowed */
        double min();

        /** @return the largest allowed */
        double max();
    }

    /** A duration shorter than another component's, checked after every single-value rule. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface ShorterThan {
        /** @return the name of the component it must stay below */
        String value();
    }

    private ConfigChecks() {
    }

    /**
     * Applies the rules annotated on a configuration record's components: first each one's own, in order, then the
     * {@link ShorterThan} ones.
     *
     * @param type   the record, annotated with {@code @ConfigurationProperties}
     * @param values its components' values, in declaration order
     * @throws IllegalArgumentException naming the first bad key and echoing its value
     */
    public static void check(Class<? extends Record> type, Object... values) {
        List<RecordComponent> components = Arrays.asList(type.getRecordComponents());
        if (components.size() != values.length) {
            throw new IllegalStateException(type.getSimpleName() + " has " + components.size() + " components but "
                    + values.length + " values were checked");
        }
        String prefix = prefixOf(type) + ".";
        for (int i = 0; i < values.length; i++) {
            checkOne(prefix + kebab(components.get(i).getName()), components.get(i), values[i]);
        }
        for (int i = 0; i < values.length; i++) {
            ShorterThan bound = components.get(i).getAnnotation(ShorterThan.class);
            if (bound != null) {
                int boundAt = components.stream().map(RecordComponent::getName).toList().indexOf(bound.value());
                shorterThan(prefix + kebab(components.get(i).getName()), (Duration) values[i],
                        prefix + kebab(bound.value()), (Duration) values[boundAt]);
            }
        }
    }

    private static void checkOne(String key, RecordComponent component, Object value) {
        if (component.isAnnotationPresent(Positive.class)) {
            if (value instanceof Number number) {
                atLeast(key, number.longValue(), 1, "be positive");
            } else {
                positive(key, (Duration) value);
            }
        }
        if (component.isAnnotationPresent(NotNegative.class)) {
            if (value instanceof Number number) {
                atLeast(key, number.longValue(), 0, "not be negative");
            } else {
                notNegative(key, (Duration) value);
            }
        }
        if (component.isAnnotationPresent(WholeSeconds.class)) {
            wholeSeconds(key, (Duration) value);
        }
        Between between = component.getAnnotation(Between.class);
        if (between != null) {
            between(key, ((Number) value).doubleValue(), between.min(), between.max());
        }
    }

    private static void atLeast(String key, long value, long min, String rule) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must " + rule + " but was " + value);
        }
    }

    /** @return the full prefix: a nested configuration record's is relative to its enclosing one's, as in Micronaut */
    private static String prefixOf(Class<?> type) {
        Class<?> outer = type.getEnclosingClass();
        String own = type.getAnnotation(ConfigurationProperties.class).value();
        return outer != null && outer.isAnnotationPresent(ConfigurationProperties.class)
                ? prefixOf(outer) + "." + own : own;
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
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
