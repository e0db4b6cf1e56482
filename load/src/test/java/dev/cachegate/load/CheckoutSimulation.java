package dev.cachegate.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Payments as unreliable clients send them: every checkout posts the same payment three times with one
 * {@code Idempotency-Key} (a retry storm), so the report shows executions (201), replays (201 with
 * {@code Idempotent-Replayed}) and in-flight conflicts (409) side by side. Needs an API key: source
 * {@code target/stack/stack.env} or pass {@code -DapiKey=…}.
 */
public class CheckoutSimulation extends Simulation {

    private final Iterator<Map<String, Object>> keys =
            Stream.generate(() -> Map.<String, Object>of("key", "load-" + UUID.randomUUID())).iterator();

    private final HttpProtocolBuilder protocol = http.baseUrl(Target.baseUrl())
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .authorizationHeader("Bearer " + Target.apiKey());

    private final ScenarioBuilder checkout = scenario("checkout with retries")
            .feed(keys)
            .exec(repeat(3).on(http("POST /payments").post("/payments")
                    .header("Idempotency-Key", "#{key}")
                    .body(StringBody("{\"amountCents\": 1299, \"currency\": \"EUR\", \"source\": \"tok_visa\"}"))
                    .check(status().in(201, 409))));

    {
        setUp(checkout.injectOpen(constantUsersPerSec(Math.max(1, Target.rate() / 10))
                .during(Target.durationSeconds())))
                .protocols(protocol)
                .assertions(global().successfulRequests().percent().gt(99.9));
    }
}
