package dev.cachegate.load;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Price changes under the browse load of {@link CatalogSimulation}, with a freshness verdict on every path a client
 * can read a product through.
 *
 * <p>After the warm-up, {@code -DpriceUpdates} times a second (default 2), a virtual user picks a hot product and
 * reads it through every path, each instance directly ({@code APP_URLS}) and nginx ({@code NGINX_URL}), so that
 * every path holds a copy that the change makes stale. It then changes the price with the admin token
 * ({@code PUT /products/{id}/price}) and polls each path ({@code freshness app1}, …, {@code freshness nginx}) until it
 * serves the new version or a later one. A poll that still shows an older version is OK while the change is younger
 * than the freshness budget ({@code -DbudgetSeconds}, default 60, the app's {@code cachegate.catalog.max-staleness});
 * past it, the poll fails, which ends that path's loop. The budget counts from just before the {@code PUT} is sent,
 * so the verdict never flatters the system.
 *
 * <p>Verdict: every freshness request OK, every price change and every prime OK, and the catalog's SLO on the
 * browse reads. The HTTP cache of the virtual users is off: a browser's own copy is not a path under test.
 */
public class PriceUpdatesSimulation extends Simulation {

    static final String CHANGE = "PUT /products/{id}/price";
    private static final Duration POLL = Duration.ofMillis(100);

    private final CatalogLoad load = new CatalogLoad();
    private final long budgetNanos = Duration.ofSeconds(Target.budgetSeconds()).toNanos();
    private final Map<String, String> paths = paths();

    private final ScenarioBuilder updates = scenario("price updates")
            .feed(load.hotProducts())
            .exec(paths.entrySet().stream().map(path -> prime(path.getKey(), path.getValue())).toList())
            .exec(session -> session.set("priceCents", newPrice(session.getLong("oldPriceCents")))
                    .set("changedAt", System.nanoTime()))
            .exec(http(CHANGE).put("/products/#{id}/price")
                    .header("Authorization", "Bearer " + Target.adminToken())
                    .header("Content-Type", "application/json")
                    .body(StringBody("{\"priceCents\": #{priceCents}, \"currency\": \"#{currency}\"}"))
                    .check(status().is(200))
                    .check(jmesPath("version").ofLong().saveAs("newVersion")))
            .exitHereIfFailed()
            .exec(paths.entrySet().stream().map(path -> freshness(path.getKey(), path.getValue())).toList());

    {
        List<Assertion> assertions = new ArrayList<>(CatalogLoad.slo());
        assertions.add(details(CHANGE).failedRequests().count().is(0L));
        assertions.add(details(CHANGE).successfulRequests().count().gte(1L));
        for (String path : paths.keySet()) {
            assertions.add(details("prime " + path).failedRequests().count().is(0L));
            assertions.add(details("freshness " + path).failedRequests().count().is(0L));
        }
        setUp(load.warmUp().andThen(
                load.browse(),
                updates.injectOpen(constantUsersPerSec(Target.priceUpdatesPerSecond())
                        .during(Target.durationSeconds()))
                        .protocols(CatalogLoad.protocol().disableCaching())))
                .protocols(CatalogLoad.protocol())
                .assertions(assertions);
    }

    private static Map<String, String> paths() {
        Map<String, String> paths = new LinkedHashMap<>();
        List<String> apps = Target.appUrls();
        for (int i = 0; i < apps.size(); i++) {
            paths.put("app" + (i + 1), apps.get(i));
        }
        paths.put("nginx", Target.baseUrl());
        return paths;
    }

    private static ChainBuilder prime(String path, String baseUrl) {
        return exec(http("prime " + path).get(baseUrl + "/products/#{id}")
                .check(status().is(200))
                .check(jmesPath("priceCents").ofLong().saveAs("oldPriceCents"))
                .check(jmesPath("currency").saveAs("currency")));
    }

    private ChainBuilder freshness(String path, String baseUrl) {
        return exec(session -> session.set("settled", false))
                .asLongAs(session -> !session.getBoolean("settled")).on(
                        exec(Session::markAsSucceeded)
                                .exec(http("freshness " + path).get(baseUrl + "/products/#{id}")
                                        .check(status().is(200))
                                        .check(jmesPath("version").ofLong()
                                                .validate("fresh within " + Target.budgetSeconds() + " s",
                                                        (seen, session) -> withinBudget(path, seen, session))
                                                .saveAs("seenVersion")))
                                .exec(session -> session.set("settled", session.isFailed()
                                        || session.getLong("seenVersion") >= session.getLong("newVersion")))
                                .doIf(session -> !session.getBoolean("settled")).then(pause(POLL)));
    }

    private Long withinBudget(String path, Long seen, Session session) {
        long expected = session.getLong("newVersion");
        if (seen == null || seen >= expected) {
            return seen;
        }
        long age = System.nanoTime() - session.getLong("changedAt");
        if (age > budgetNanos) {
            throw new IllegalStateException(path + " still serves version " + seen + " of product "
                    + session.getLong("id") + " " + Duration.ofNanos(age).toMillis() + " ms after the change to version "
                    + expected);
        }
        return seen;
    }

    private static long newPrice(long old) {
        long price;
        do {
            price = ThreadLocalRandom.current().nextLong(100, 100_000);
        } while (price == old);
        return price;
    }
}
