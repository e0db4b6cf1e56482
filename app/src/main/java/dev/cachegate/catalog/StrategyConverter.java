package dev.cachegate.catalog;

import dev.cachegate.cache.Strategy;
import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.convert.TypeConverter;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Binds {@code cachegate.catalog.cache.strategy} from its kebab-case name; a name that is no strategy fails startup,
 * naming the key and echoing the value.
 */
@Singleton
final class StrategyConverter implements TypeConverter<CharSequence, Strategy> {

    @Override
    public Optional<Strategy> convert(CharSequence name, Class<Strategy> targetType, ConversionContext context) {
        return Optional.of(parse(name));
    }

    /**
     * @param name e.g. {@code cache-aside}
     * @return the strategy
     * @throws IllegalArgumentException naming the key and echoing the value, when it is none
     */
    static Strategy parse(CharSequence name) {
        return Strategy.named(name).orElseThrow(() -> new IllegalArgumentException(
                "cachegate.catalog.cache.strategy must be one of " + Strategy.names() + " but was '" + name + "'"));
    }
}
