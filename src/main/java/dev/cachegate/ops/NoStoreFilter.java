package dev.cachegate.ops;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/** Operational answers describe one instance at one moment: no cache, the CDN tier included, may keep them. */
@ServerFilter({"/health", "/health/**", "/prometheus", "/whoami", "/stats"})
final class NoStoreFilter {

    @ResponseFilter
    void noStore(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.getHeaders().set("Cache-Control", "no-store");
    }
}
