package dev.cachegate.web;

import io.micronaut.http.HttpRequest;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Request ids: a client's {@code X-Request-Id} is kept when it is sane (1–128 characters of letters, digits and
 * {@code . _ : -}, which covers UUIDs and nginx's {@code $request_id}); anything else is replaced, so a hostile value
 * never reaches a log line or a response header.
 */
public final class RequestIds {

    /** The header carrying the id, in both directions. */
    public static final String HEADER = "X-Request-Id";

    /** The MDC key under which every log line carries the id. */
    public static final String MDC_KEY = "requestId";

    private static final String ATTRIBUTE = "cachegate.requestId";

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /**
     * @param candidate the header value a client sent, or null
     * @return the value when it may be used as-is
     */
    public static Optional<String> sanitize(String candidate) {
        return candidate != null && SANE.matcher(candidate).matches() ? Optional.of(candidate) : Optional.empty();
    }

    /** @return a new id: 128 random bits as 32 hex digits, the shape of nginx's {@code $request_id} */
    public static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
    }

    /**
     * Notes a request's id and arrival on the request, for {@link #of} and {@link #started}.
     *
     * @param request      a request as it arrives
     * @param id           its id
     * @param arrivalNanos {@link System#nanoTime()} on arrival
     */
    public static void start(HttpRequest<?> request, String id, long arrivalNanos) {
        request.setAttribute(ATTRIBUTE, new Started(id, arrivalNanos));
    }

    /**
     * @param request a request
     * @return its id and arrival, when {@link #start} noted them
     */
    public static Optional<Started> started(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE).orElse(null) instanceof Started started ? Optional.of(started)
                : Optional.empty();
    }

    /**
     * @param request a request
     * @return its id, when {@link #start} noted one
     */
    public static Optional<String> of(HttpRequest<?> request) {
        return started(request).map(Started::id);
    }

    /**
     * What is noted on a request when it arrives, in one attribute.
     *
     * @param id    the request's id
     * @param nanos {@link System#nanoTime()} on arrival
     */
    public record Started(String id, long nanos) {
    }
}
