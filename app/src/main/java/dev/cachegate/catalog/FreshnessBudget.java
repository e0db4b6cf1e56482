package dev.cachegate.catalog;

import dev.cachegate.cache.CacheSettings;
import dev.cachegate.cache.Strategy;
import dev.cachegate.routing.RoutingConfig;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The freshness budget ({@code cachegate.catalog.max-staleness}, 60 s by default): the oldest price any path may
 * serve after a change, checked at startup against the worst case the configuration allows. The worst case is the
 * sum of five terms, each the longest one stage can add on top of the stage before it:
 * <ol>
 *   <li><b>application</b>: with the change stream, {@code cachegate.catalog.changes.max-lag}: an instance serves
 *   cached entries only while it has applied the stream up to that recently (its watermark), whatever was lost on
 *   pub/sub. In the TTL-only design ({@code changes.enabled=false}), the longest enabled cache TTL instead, since
 *   every invalidation may be lost. Nothing with strategy {@code none}.</li>
 *   <li><b>replica</b>: {@code max-replica-lag + heartbeat-interval + poll-interval}: how far behind the primary a
 *   replica may be and still serve reads (pages; loads older than a tombstone are refused), measured on the
 *   primary's heartbeat.</li>
 *   <li><b>CDN</b>: {@code s-maxage + max(stale-while-revalidate, stale-if-error)}: how long nginx may serve what it
 *   fetched from an instance. Purges on a price change usually end it at once; the budget assumes they fail.</li>
 *   <li><b>browser</b>: {@code max-age + max(stale-while-revalidate, stale-if-error)}: nginx sends no {@code Age}, so
 *   a browser's lifetime starts when it received the response, which may be at the end of the CDN window.</li>
 *   <li><b>clock skew</b>: {@code cachegate.catalog.clock-skew}, the allowance for disagreeing clocks where terms
 *   are measured on two machines (the replica's staleness is its clock minus the primary's heartbeat).</li>
 * </ol>
 * It also checks that {@code cachegate.catalog.cache.tombstone-ttl} outlasts the replica term, so a load after a
 * change cannot refill a cache from a replica that has not replayed it once the tombstone is gone.
 */
@Context
public final class FreshnessBudget {

    private final Duration budget;
    private final Duration worstCase;

    @Inject
    FreshnessBudget(CatalogConfig catalog, CacheSettings cache, HttpCachingConfig http, ChangeFeedConfig changes,
                    RoutingConfig routing) {
        this(catalog.maxStaleness(), catalog.clockSkew(), cache, http, changes, routing);
    }

    /**
     * @throws ConfigurationException naming every term, with its keys and values, when the worst case exceeds the
     *                                budget or the tombstone TTL is shorter than the replica term
     */
    FreshnessBudget(Duration budget, Duration clockSkew, CacheSettings cache, HttpCachingConfig http,
                    ChangeFeedConfig changes, RoutingConfig routing) {
        this.budget = budget;
        List<String> terms = new ArrayList<>();
        Duration total = Duration.ZERO;
        Duration app = Duration.ZERO;
        String appKeys = "strategy none caches nothing";
        if (cache.strategy() != Strategy.NONE) {
            if (changes.enabled()) {
                app = changes.maxLag();
                appKeys = "change-stream watermark: cachegate.catalog.changes.max-lag=" + format(app);
            } else {
                List<String> ttls = new ArrayList<>();
                if (cache.l1().enabled()) {
                    app = cache.l1().ttl();
                    ttls.add("cachegate.catalog.cache.l1.ttl=" + format(cache.l1().ttl()));
                }
                if (cache.l2().enabled()) {
                    app = max(app, cache.l2().ttl());
                    ttls.add("cachegate.catalog.cache.l2.ttl=" + format(cache.l2().ttl()));
                }
                appKeys = "TTL-only design (cachegate.catalog.changes.enabled=false), the longest of " + ttls;
            }
        }
        total = add(terms, total, "application", app, appKeys);
        Duration replica = routing.maxReplicaLag().plus(routing.heartbeatInterval()).plus(routing.pollInterval());
        total = add(terms, total, "replica", replica, "cachegate.routing.max-replica-lag="
                + format(routing.maxReplicaLag()) + " + cachegate.routing.heartbeat-interval="
                + format(routing.heartbeatInterval()) + " + cachegate.routing.poll-interval="
                + format(routing.pollInterval()));
        Duration stale = max(http.staleWhileRevalidate(), http.staleIfError());
        String staleKeys = "max(cachegate.catalog.http.stale-while-revalidate=" + format(http.staleWhileRevalidate())
                + ", cachegate.catalog.http.stale-if-error=" + format(http.staleIfError()) + ")";
        total = add(terms, total, "CDN", http.sMaxage().plus(stale),
                "cachegate.catalog.http.s-maxage=" + format(http.sMaxage()) + " + " + staleKeys);
        total = add(terms, total, "browser", http.maxAge().plus(stale),
                "cachegate.catalog.http.max-age=" + format(http.maxAge()) + " + " + staleKeys);
        total = add(terms, total, "clock skew", clockSkew, "cachegate.catalog.clock-skew=" + format(clockSkew));
        this.worstCase = total;
        if (worstCase.compareTo(budget) > 0) {
            throw new ConfigurationException("worst-case price staleness is " + format(worstCase)
                    + ", over cachegate.catalog.max-staleness=" + format(budget) + ": " + String.join(" + ", terms)
                    + "; shorten some of them or raise the budget");
        }
        if (cache.strategy() != Strategy.NONE && cache.tombstoneTtl().compareTo(replica) <= 0) {
            throw new ConfigurationException("cachegate.catalog.cache.tombstone-ttl=" + format(cache.tombstoneTtl())
                    + " must outlast the replica term " + format(replica) + " (cachegate.routing.max-replica-lag + "
                    + "heartbeat-interval + poll-interval), or a load after a change may refill from a stale replica");
        }
    }

    private static Duration add(List<String> terms, Duration total, String name, Duration term, String keys) {
        terms.add(name + " " + format(term) + " (" + keys + ")");
        return total.plus(term);
    }

    /** @return the configured budget */
    public Duration budget() {
        return budget;
    }

    /** @return the worst-case staleness the configuration allows */
    public Duration worstCase() {
        return worstCase;
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
