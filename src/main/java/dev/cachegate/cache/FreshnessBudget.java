package dev.cachegate.cache;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The freshness budget ({@code cachegate.catalog.max-staleness}, 60 s by default): the oldest price any path may
 * serve after a change, checked at startup against what the configuration allows if every invalidation were lost.
 *
 * <p>Worst cases, per path:
 * <ul>
 *   <li>the application: an entry filled just before a write lives until its TTL; an L1 entry back-filled from L2
 *   lives only for L2's remaining TTL, so the application's worst case is the larger enabled TTL (jitter only ever
 *   shortens TTLs);</li>
 *   <li>the CDN tier: it may have fetched that stale answer, keeps it fresh for {@code s-maxage} and then serves it
 *   stale for {@code stale-while-revalidate} or {@code stale-if-error}, whichever is longer;</li>
 *   <li>browsers: {@code max-age} counts from the origin's response (shared caches send {@code Age}), so a browser
 *   never extends the CDN's window beyond {@code max(max-age, CDN window)}.</li>
 * </ul>
 * The sum of the application's and the larger of the other two must not exceed the budget.
 */
@Context
public final class FreshnessBudget {

    private final Duration budget;
    private final Duration worstCase;

    /**
     * @param budget the configured budget
     * @param cache  the cache configuration
     * @param http   the HTTP caching configuration
     * @throws ConfigurationException naming every contributing key and value when the worst case exceeds the budget
     */
    public FreshnessBudget(@Value("${cachegate.catalog.max-staleness:60s}") Duration budget, CacheConfig cache,
                           HttpCachingConfig http) {
        CacheConfig.positive("cachegate.catalog.max-staleness", budget);
        this.budget = budget;
        List<String> terms = new ArrayList<>();
        Duration app = Duration.ZERO;
        if (cache.parsedStrategy() != CacheConfig.Strategy.NONE) {
            if (cache.l1().enabled()) {
                app = cache.l1().ttl();
                terms.add("cachegate.catalog.cache.l1.ttl=" + cache.l1().ttl().toSeconds() + "s");
            }
            if (cache.l2().enabled() && cache.l2().ttl().compareTo(app) > 0) {
                app = cache.l2().ttl();
                terms.add("cachegate.catalog.cache.l2.ttl=" + cache.l2().ttl().toSeconds() + "s");
            }
        }
        Duration staleWindow = max(http.staleWhileRevalidate(), http.staleIfError());
        Duration cdn = http.sMaxage().plus(staleWindow);
        Duration edge = max(http.maxAge(), cdn);
        this.worstCase = app.plus(edge);
        if (worstCase.compareTo(budget) > 0) {
            terms.add("cachegate.catalog.http.max-age=" + http.maxAge().toSeconds() + "s");
            terms.add("cachegate.catalog.http.s-maxage=" + http.sMaxage().toSeconds() + "s");
            terms.add("cachegate.catalog.http.stale-while-revalidate=" + http.staleWhileRevalidate().toSeconds() + "s");
            terms.add("cachegate.catalog.http.stale-if-error=" + http.staleIfError().toSeconds() + "s");
            throw new ConfigurationException("worst-case price staleness is " + worstCase.toSeconds()
                    + "s (application " + app.toSeconds() + "s + edge " + edge.toSeconds()
                    + "s), over cachegate.catalog.max-staleness=" + budget.toSeconds() + "s; lower some of " + terms);
        }
    }

    /** @return the configured budget */
    public Duration budget() {
        return budget;
    }

    /** @return the worst-case staleness the configuration allows */
    public Duration worstCase() {
        return worstCase;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
