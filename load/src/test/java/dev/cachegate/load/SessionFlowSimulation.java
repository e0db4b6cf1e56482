package dev.cachegate.load;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.Cookie;
import static io.gatling.javaapi.http.HttpDsl.CookieKey;
import static io.gatling.javaapi.http.HttpDsl.addCookie;
import static io.gatling.javaapi.http.HttpDsl.getCookieValue;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Sessions and read-your-writes across instances, as a browser does them: a cookie jar per virtual user and nothing
 * else, so the causal token of a write travels in the Redis session that the signed cookie names, not in a header.
 *
 * <p>Each virtual user logs in on one instance ({@code APP_URLS}, taken in turn), reads {@code GET /me} there, writes
 * a unique display name and avatar with {@code PUT /me/profile}, and at once reads {@code GET /me/profile} on the next
 * instance, which must return exactly what was just written: a stale read is a failed request. It then logs out on
 * that instance. Once the logout succeeded, {@code GET /me} must be 401 with the cookie jar (which dropped the
 * expired cookie), and also on a third instance with the old cookie sent again, which proves the session is gone
 * everywhere, not just forgotten by the client.
 *
 * <p>Flows arrive at a tenth of {@code -Drate} after a warm-up that ramps to it. Usernames are unique per flow unless
 * {@code -DsessionUsers=user:password,…} (or {@code STACK_SESSION_ACCOUNTS}, which {@code scripts/stack} writes to
 * its stack.env) lists the accounts that {@code cachegate.session.users} allows (production mode requires them); then give at least as many accounts as flows run at once, because two flows
 * of one user overwrite each other's profile. Verdict, on the measured flows: no stale read and no session surviving
 * logout (zero failed requests of those), P99 under 50 ms on the reads, and more than 99.9% OK on every request.
 */
public class SessionFlowSimulation extends Simulation {

    private static final String COOKIE = System.getProperty("sessionCookie", "cachegate_session");

    static final String LOGIN = "POST /login";
    static final String ME = "GET /me";
    static final String WRITE = "PUT /me/profile";
    static final String READ_ELSEWHERE = "GET /me/profile on another instance";
    static final String LOGOUT = "POST /logout";
    static final String ME_AFTER_LOGOUT = "GET /me after logout";
    static final String REPLAYED_COOKIE = "GET /me with the logged-out cookie elsewhere";

    private final List<String> apps = Target.appUrls();
    private final List<String> accounts = Target.sessionUsers();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong flows = new AtomicLong();

    {
        if (apps.size() < 2) {
            throw new IllegalArgumentException("SessionFlowSimulation needs at least two APP_URLS but has " + apps);
        }
        int rate = Math.max(1, Target.rate() / 10);
        List<Assertion> assertions = new ArrayList<>();
        for (String read : List.of(ME, READ_ELSEWHERE)) {
            assertions.add(details(read).responseTime().percentile(99.0).lt(50));
        }
        for (String request : List.of(LOGIN, ME, WRITE, READ_ELSEWHERE, LOGOUT, ME_AFTER_LOGOUT, REPLAYED_COOKIE)) {
            assertions.add(details(request).successfulRequests().percent().gt(99.9));
        }
        for (String request : List.of(READ_ELSEWHERE, ME_AFTER_LOGOUT, REPLAYED_COOKIE)) {
            assertions.add(details(request).failedRequests().count().is(0L));
        }
        setUp(flow("session flow warm-up", "warm-up ")
                .injectOpen(rampUsersPerSec(1).to(rate).during(Target.warmUpSeconds()))
                .andThen(flow("session flow", "")
                        .injectOpen(constantUsersPerSec(rate).during(Target.durationSeconds()))))
                .protocols(http.baseUrl(apps.get(0))
                        .acceptHeader("application/json")
                        .contentTypeHeader("application/json")
                        .disableCaching())
                .assertions(assertions);
    }

    private ScenarioBuilder flow(String name, String prefix) {
        return scenario(name)
                .feed(users())
                .exec(http(prefix + LOGIN).post("#{writeUrl}/login")
                        .body(StringBody("#{credentials}"))
                        .check(status().is(200))
                        .check(jmesPath("username").isEL("#{username}")))
                .exitHereIfFailed()
                .exec(http(prefix + ME).get("#{writeUrl}/me")
                        .check(status().is(200))
                        .check(jmesPath("username").isEL("#{username}")))
                .exec(http(prefix + WRITE).put("#{writeUrl}/me/profile")
                        .body(StringBody("{\"displayName\": \"#{displayName}\", \"avatarUrl\": \"#{avatarUrl}\"}"))
                        .check(status().is(200))
                        .check(header("X-Consistency-Token").exists())
                        .check(jmesPath("displayName").isEL("#{displayName}")))
                .exec(http(prefix + READ_ELSEWHERE).get("#{readUrl}/me/profile")
                        .check(status().is(200))
                        .check(jmesPath("displayName").isEL("#{displayName}"))
                        .check(jmesPath("avatarUrl").isEL("#{avatarUrl}")))
                .exec(getCookieValue(CookieKey(COOKIE).withDomain("#{readHost}").saveAs("sessionCookie")))
                .exec(http(prefix + LOGOUT).post("#{readUrl}/logout")
                        .check(status().is(204).saveAs("loggedOut")))
                .doIf(session -> session.contains("loggedOut")).then(
                        exec(http(prefix + ME_AFTER_LOGOUT).get("#{writeUrl}/me")
                                .check(status().is(401)))
                                .exec(addCookie(Cookie(COOKIE, "#{sessionCookie}").withDomain("#{replayHost}")
                                        .withPath("/")))
                                .exec(http(prefix + REPLAYED_COOKIE).get("#{replayUrl}/me")
                                        .check(status().is(401))));
    }

    private Iterator<Map<String, Object>> users() {
        return Stream.generate(this::nextUser).iterator();
    }

    private Map<String, Object> nextUser() {
        long n = flows.getAndIncrement();
        String username;
        String credentials;
        if (accounts.isEmpty()) {
            username = "load-" + run + "-" + n;
            credentials = "{\"username\": \"" + username + "\"}";
        } else {
            String account = accounts.get((int) (n % accounts.size()));
            int colon = account.indexOf(':');
            username = account.substring(0, colon);
            credentials = "{\"username\": \"" + username + "\", \"password\": \"" + json(account.substring(colon + 1))
                    + "\"}";
        }
        String value = UUID.randomUUID().toString();
        String replayUrl = apps.get((int) ((n + 2) % apps.size()));
        Map<String, Object> user = new HashMap<>();
        user.put("username", username);
        user.put("credentials", credentials);
        user.put("displayName", "load " + value);
        user.put("avatarUrl", "https://avatars.example.com/" + value + ".png");
        user.put("writeUrl", apps.get((int) (n % apps.size())));
        user.put("readUrl", apps.get((int) ((n + 1) % apps.size())));
        user.put("readHost", URI.create(apps.get((int) ((n + 1) % apps.size()))).getHost());
        user.put("replayUrl", replayUrl);
        user.put("replayHost", URI.create(replayUrl).getHost());
        return user;
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
