package dev.cachegate.catalog;

import dev.cachegate.config.ConfigChecks.NotNegative;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

import static dev.cachegate.config.ConfigChecks.check;

/**
 * {@code cachegate.catalog.http}: the {@code Cache-Control} of product responses, read by browsers and the CDN tier.
 *
 * @param maxAge               browsers' freshness lifetime
 * @param sMaxage              shared caches' (the CDN tier's) freshness lifetime
 * @param staleWhileRevalidate how long after expiry a shared cache may serve stale while it refreshes
 * @param staleIfError         how long after expiry a shared cache may serve stale when cachegate fails
 */
@Context
@ConfigurationProperties("cachegate.catalog.http")
public record HttpCachingConfig(@Bindable(defaultValue = "5s") @NotNegative Duration maxAge,
                                @Bindable(defaultValue = "5s") @NotNegative Duration sMaxage,
                                @Bindable(defaultValue = "5s") @NotNegative Duration staleWhileRevalidate,
                                @Bindable(defaultValue = "5s") @NotNegative Duration staleIfError) {

    /** Validates, echoing the bad value. */
    public HttpCachingConfig {
        check(HttpCachingConfig.class, maxAge, sMaxage, staleWhileRevalidate, staleIfError);
    }

    /**
     * @return the {@code Cache-Control} of a product read's 404: shared caches keep it as long as a product
     *         ({@code s-maxage}), so that reads of ids that do not exist cost the origin one request per id and
     *         period, not one each; browsers keep none
     */
    public String notFoundCacheControl() {
        return "public, max-age=0, s-maxage=" + sMaxage.toSeconds();
    }

    /** @return the {@code Cache-Control} value of a cacheable product response */
    public String cacheControl() {
        return "public, max-age=" + maxAge.toSeconds() + ", s-maxage=" + sMaxage.toSeconds()
                + ", stale-while-revalidate=" + staleWhileRevalidate.toSeconds()
                + ", stale-if-error=" + staleIfError.toSeconds();
    }
}
