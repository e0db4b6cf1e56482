package dev.cachegate.ops;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * One request served by some instance of the cluster.
 *
 * @param instanceId the instance that served it
 * @param method     the HTTP method
 * @param path       the request path, without query
 * @param status     the response status
 * @param at         when the response was sent
 */
@Serdeable
public record RecentRequest(String instanceId, String method, String path, int status, Instant at) {
}
