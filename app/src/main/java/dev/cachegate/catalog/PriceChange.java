package dev.cachegate.catalog;

import dev.cachegate.config.ConfigChecks;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;


/**
 * The body of {@code PUT /products/{id}/price}.
 *
 * @param priceCents the new price in the currency's minor unit, 0 to {@value #MAX_PRICE_CENTS}
 * @param currency   an ISO 4217 code, e.g. {@code USD}
 */
@Serdeable
public record PriceChange(@Nullable Long priceCents, @Nullable String currency) {

    /** The largest price accepted: 10 million in major units. */
    public static final long MAX_PRICE_CENTS = 1_000_000_000L;


    /**
     * @return this change, checked
     * @throws InvalidPriceException echoing the first bad field
     */
    public PriceChange validated() {
        if (priceCents == null) {
            throw new InvalidPriceException("priceCents is required");
        }
        if (priceCents < 0 || priceCents > MAX_PRICE_CENTS) {
            throw new InvalidPriceException("priceCents must be between 0 and " + MAX_PRICE_CENTS + " but was "
                    + priceCents);
        }
        if (!ConfigChecks.isIso4217(currency)) {
            throw new InvalidPriceException("currency must be an ISO 4217 code such as USD but was "
                    + (currency == null ? "missing" : "'" + currency + "'"));
        }
        return this;
    }
}
