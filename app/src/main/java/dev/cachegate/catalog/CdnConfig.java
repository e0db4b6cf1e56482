package dev.cachegate.catalog;

import dev.cachegate.config.ConfigChecks.Positive;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static dev.cachegate.config.ConfigChecks.check;

/**
 * {@code cachegate.cdn}: the nginx caching tier in front of cachegate.
 *
 * @param purgeUrls    base URLs of every nginx node (e.g. {@code http://nginx:8080}); a price update refreshes the
 *                     product on each, so the CDN shows the new price at once instead of after {@code s-maxage}
 * @param purgeSecret  shared with nginx: it sends it on purge requests, and a product read carrying it in
 *                     {@code X-Cache-Bypass} is served from the primary, past this instance's L1 and L2
 * @param purgeTimeout how long a price update waits for the purges
 */
@Context
@ConfigurationProperties("cachegate.cdn")
public record CdnConfig(@Bindable(defaultValue = "") List<String> purgeUrls,
                        @Bindable(defaultValue = "") String purgeSecret,
                        @Bindable(defaultValue = "2s") @Positive Duration purgeTimeout) {

    /** Validates, echoing the bad value (never the secret). */
    public CdnConfig {
        purgeUrls = purgeUrls == null ? List.of() : purgeUrls.stream().map(String::trim).filter(u -> !u.isEmpty())
                .toList();
        purgeSecret = purgeSecret == null ? "" : purgeSecret;
        for (String url : purgeUrls) {
            if (!isHttpUrl(url)) {
                throw new IllegalArgumentException("cachegate.cdn.purge-urls entries must be http(s) URLs but one was '"
                        + url + "'");
            }
        }
        if (!purgeUrls.isEmpty() && purgeSecret.length() < 16) {
            throw new IllegalArgumentException("cachegate.cdn.purge-secret (CACHEGATE_CDN_PURGE_SECRET) must be at "
                    + "least 16 characters when cachegate.cdn.purge-urls is set, but was " + purgeSecret.length()
                    + " characters long");
        }
        check(CdnConfig.class, purgeUrls, purgeSecret, purgeTimeout);
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
