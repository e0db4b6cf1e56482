package dev.cachegate.load;

import dev.cachegate.catalogdata.PopularityModel;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.util.Iterator;
import java.util.List;
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
 * The browse load that catalog simulations share: ids drawn from catalog-data's {@link PopularityModel#standard}
 * model, {@code GET /products/{id}} through the CDN tier, a warm-up that ramps to the rate, then a constant arrival
 * rate, and the catalog's SLO as assertions on the measured requests only. One instance per simulation: it owns the
 * seeded random source, so a seed replays the same ids.
 */
final class CatalogLoad {

    /** The name of the measured reads, which the SLO assertions address. */
    static final String MEASURED = "GET /products/{id}";

    private final PopularityModel model = PopularityModel.standard(Target.catalogSize());
    private final SplittableRandom random = new SplittableRandom(Target.seed());

    /** @return the protocol of the browse load: JSON, through {@link Target#baseUrl()}, shared connections */
    static HttpProtocolBuilder protocol() {
        return http.baseUrl(Target.baseUrl())
                .acceptHeader("application/json")
                .shareConnections();
    }

    /** @return the catalog's SLO on the measured reads: P99 under 50 ms and more than 99.9% OK */
    static List<Assertion> slo() {
        return List.of(
                details(MEASURED).responseTime().percentile(99.0).lt(50),
                details(MEASURED).successfulRequests().percent().gt(99.9));
    }

    /** @return the model the ids are drawn from */
    PopularityModel model() {
        return model;
    }

    /** @return an endless feeder of {@code id}s with the catalog's popularity */
    Iterator<Map<String, Object>> products() {
        return Stream.generate(() -> Map.<String, Object>of("id", nextId())).iterator();
    }

    /** @return an endless feeder of {@code id}s drawn uniformly from the hot set */
    Iterator<Map<String, Object>> hotProducts() {
        return Stream.generate(() -> Map.<String, Object>of("id", nextHotId())).iterator();
    }

    /** @return the warm-up: reads ramping from 1 to {@link Target#rate()} over {@link Target#warmUpSeconds()} */
    PopulationBuilder warmUp() {
        return reads("warm-up", "warm-up")
                .injectOpen(rampUsersPerSec(1).to(Target.rate()).during(Target.warmUpSeconds()));
    }

    /** @return the measured reads: {@link Target#rate()} per second for {@link Target#durationSeconds()} */
    PopulationBuilder browse() {
        return reads("catalog reads", MEASURED)
                .injectOpen(constantUsersPerSec(Target.rate()).during(Target.durationSeconds()));
    }

    private ScenarioBuilder reads(String scenario, String request) {
        return scenario(scenario)
                .feed(products())
                .exec(http(request).get("/products/#{id}")
                        .check(status().is(200))
                        .check(header("X-Cache-Status").optional().saveAs("cdn")));
    }

    private synchronized long nextId() {
        return model.nextId(random);
    }

    private synchronized long nextHotId() {
        return random.nextLong(1, model.hotSetSize() + 1);
    }
}
