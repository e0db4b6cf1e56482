package dev.cachegate.load;

import dev.cachegate.catalogdata.PopularityModel;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Catalog reads with the catalog's real popularity: 99% of requests on the top 50,000 products
 * ({@link PopularityModel#standard}), at a constant arrival rate, through the CDN tier, after a warm-up that ramps to
 * that rate (JIT, connection pools and caches are cold at first). The verdict, on the measured requests only, is the
 * catalog's SLO: P99 under 50 ms, and (practically) no errors.
 */
public class CatalogSimulation extends Simulation {

    private static final String MEASURED = "GET /products/{id}";

    private final PopularityModel model = PopularityModel.standard(Target.catalogSize());
    private final SplittableRandom random = new SplittableRandom(Target.seed());

    private final Iterator<Map<String, Object>> products = Stream.generate(this::next).iterator();

    private final HttpProtocolBuilder protocol = http.baseUrl(Target.baseUrl())
            .acceptHeader("application/json")
            .shareConnections();

    private final ScenarioBuilder warmUp = reads("warm-up", "warm-up");
    private final ScenarioBuilder browse = reads("catalog reads", MEASURED);

    {
        setUp(warmUp.injectOpen(rampUsersPerSec(1).to(Target.rate()).during(Target.warmUpSeconds()))
                .andThen(browse.injectOpen(constantUsersPerSec(Target.rate()).during(Target.durationSeconds()))))
                .protocols(protocol)
                .assertions(
                        details(MEASURED).responseTime().percentile(99.0).lt(50),
                        details(MEASURED).successfulRequests().percent().gt(99.9));
    }

    private ScenarioBuilder reads(String scenario, String request) {
        return scenario(scenario)
                .feed(products)
                .exec(http(request).get("/products/#{id}")
                        .check(status().is(200))
                        .check(header("X-Cache-Status").optional().saveAs("cdn")));
    }

    private synchronized Map<String, Object> next() {
        return Map.of("id", model.nextId(random));
    }
}
