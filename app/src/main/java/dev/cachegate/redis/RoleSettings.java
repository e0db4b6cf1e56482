package dev.cachegate.redis;

import java.time.Duration;

/**
 * One Redis role's client settings, taken from its configuration record: {@link RedisClientsFactory} names one bean
 * of this type after each role and builds one client, and one connection, for each.
 *
 * @param role    {@code cache} or {@code state}: the name of the role's beans
 * @param uri     one server, a Sentinel group or a Redis Cluster's seeds
 * @param timeout the bound of every command and connect attempt
 */
record RoleSettings(String role, String uri, Duration timeout) {

    /** @return the property the URI came from, for messages */
    String uriKey() {
        return "cachegate.redis." + role + "-uri";
    }
}
