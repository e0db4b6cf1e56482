package dev.cachegate.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The hidden-input corpus: malformed, oversized and hostile requests across every endpoint (paths, ids, queries,
 * headers, cookies, tokens, bodies, methods), as raw HTTP/1.1 bytes, so that nothing a client library would refuse
 * to send is left out. Each must get an answer below 500 with no stack trace in it.
 */
final class HostileRequests {

    /**
     * @param name       what it tries
     * @param bytes      the whole request, {@code Connection: close}
     * @param incomplete the client never finishes it (a body shorter than its Content-Length): the server may close
     *                   the connection without an answer once its timeout passes, but must not hang
     */
    record Hostile(String name, byte[] bytes, boolean incomplete) {
    }

    private final List<Hostile> requests = new ArrayList<>();
    private final String apiKey;
    private final String adminToken;

    private HostileRequests(String apiKey, String adminToken) {
        this.apiKey = apiKey;
        this.adminToken = adminToken;
    }

    /**
     * @param apiKey     a valid API key, so that bodies reach validation behind authentication
     * @param adminToken the admin token, likewise
     * @return the corpus
     */
    static List<Hostile> corpus(String apiKey, String adminToken) {
        HostileRequests corpus = new HostileRequests(apiKey, adminToken);
        corpus.paths();
        corpus.headers();
        corpus.cookiesAndTokens();
        corpus.bodies();
        corpus.methods();
        return List.copyOf(corpus.requests);
    }

    private void paths() {
        for (String id : List.of("-1", "0", "abc", "1.5", "1e9", "99999999999999999999", "9223372036854775808",
                "%00", "1%00", "%2e%2e%2fetc%2fpasswd", "1;select", "%FF%FE", "1%20OR%201=1", "+1", "0x10",
                "１２３", "1/../../2", "1%0d%0aSet-Cookie:%20x=y", "9".repeat(4000))) {
            get("product id " + abbreviate(id), "/products/" + id);
        }
        for (String query : List.of("limit=-1", "limit=0", "limit=abc", "limit=100000000000000000000",
                "limit=1&limit=2",
                "cursor=garbage", "cursor=%FF%FF", "cursor=" + "A".repeat(6000), "cursor=eyJ9", "cursor=",
                "limit=%00", "cursor=..%2f..%2f", "limit=1e3")) {
            get("listing " + abbreviate(query), "/products?" + query);
        }
        get("path traversal", "/../../etc/passwd");
        get("double slash", "//products//1");
        get("bare percent", "/products/%");
        get("long path", "/" + "a/".repeat(3000));
        get("payment id garbage", "/payments/not-a-uuid", "Authorization: Bearer " + apiKey);
        get("payment id long", "/payments/" + "9".repeat(3000), "Authorization: Bearer " + apiKey);
        get("payment id traversal", "/payments/..%2f..%2fadmin", "Authorization: Bearer " + apiKey);
        get("admin unknown", "/admin/cache/products/abc", "Authorization: Bearer " + adminToken);
        get("fault injection unauthenticated", "/admin/faults");
    }

    private void headers() {
        get("request id with controls", "/products/1", "X-Request-Id: a\tb\u0001c");
        get("request id long", "/products/1", "X-Request-Id: " + "r".repeat(7000));
        get("authorization empty bearer", "/me", "Authorization: Bearer ");
        get("authorization basic", "/me", "Authorization: Basic Zm9vOmJhcg==");
        get("authorization long", "/me", "Authorization: Bearer " + "k".repeat(7000));
        get("authorization scheme only", "/me", "Authorization: Bearer");
        get("accept unsatisfiable", "/products/1", "Accept: application/x-nothing");
        get("accept garbage", "/products/1", "Accept: ;;;===");
        get("if-none-match garbage", "/products/1", "If-None-Match: \"unterminated");
        get("if-modified-since garbage", "/products/1", "If-Modified-Since: yesterday");
        get("forwarded-for garbage", "/products/1", "X-Forwarded-For: not-an-ip, ::zz, 999.1.1.1");
        get("forwarded-for long", "/products/1", "X-Forwarded-For: " + "1.2.3.4, ".repeat(600) + "5.6.7.8");
        get("cache bypass guessed", "/products/1", "X-Cache-Bypass: guess");
        get("purge secret guessed", "/_purge/products/1", "X-Purge-Secret: guess");
        get("many headers", "/products/1", manyHeaders(90));
        get("range header", "/products/1", "Range: bytes=0-1,5-1000000000");
        get("host garbage", "/products/1", "X-Forwarded-Host: evil.example");
        raw("no host header", "GET /products/1 HTTP/1.1\r\nConnection: close\r\n\r\n");
        raw("http/1.0", "GET /products/1 HTTP/1.0\r\n\r\n");
        raw("bad version", "GET /products/1 HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n");
        raw("header without colon",
                "GET /products/1 HTTP/1.1\r\nHost: x\r\nBroken header\r\nConnection: close\r\n\r\n");
        raw("header folding", "GET /products/1 HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  folded\r\nConnection: close\r\n\r\n");
        raw("bare LF lines", "GET /products/1 HTTP/1.1\nHost: x\nConnection: close\n\n");
        raw("absolute-form target",
                "GET http://evil.example/products/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    private void cookiesAndTokens() {
        String session = "Cookie: cachegate_session=";
        for (String value : List.of("garbage", "", "a.b.c", "%00", "..", "x".repeat(3000), "eyJhbGciOiJub25lIn0.e30.",
                "1234567890abcdef.0000")) {
            get("session cookie " + abbreviate(value), "/me", session + value);
        }
        get("many cookies", "/me", "Cookie: " + "a=b; ".repeat(500) + "cachegate_session=x");
        get("cookie without value", "/me", "Cookie: cachegate_session");
        get("profile with garbage session", "/me/profile", session + "forged.value");
        for (String token : List.of("garbage", "FFFFFFFF/FFFFFFFF", "0/0", "-1/-1", "1/2/3", "/", "G/G",
                "FFFFFFFFFFFFFFFFF/1", "t".repeat(3000), "%00")) {
            get("consistency token " + abbreviate(token), "/products/1", "X-Consistency-Token: " + token);
        }
        get("consistency token on a payment read", "/payments/00000000-0000-0000-0000-000000000000",
                "Authorization: Bearer " + apiKey, "X-Consistency-Token: FFFFFFFF/FFFFFFFF");
    }

    private void bodies() {
        String auth = "Authorization: Bearer " + apiKey;
        for (String body : List.of("", "{", "[]", "null", "\"text\"", "{\"amountCents\":-1,\"currency\":\"EUR\"}",
                "{\"amountCents\":1e400,\"currency\":\"EUR\"}",
                "{\"amountCents\":99999999999999999999999,\"currency\":\"EUR\"}",
                "{\"amountCents\":\"ten\",\"currency\":\"EUR\"}", "{\"amountCents\":100,\"currency\":\"XXXX\"}",
                "{\"amountCents\":100,\"currency\":null}", "{\"amountCents\":100,\"currency\":\"EUR\",\"extra\":"
                        + "[".repeat(2000) + "]".repeat(2000) + "}",
                "{\"amountCents\":100,\"currency\":\"EUR\",\"description\":\"" + "d".repeat(20000) + "\"}",
                "{\"amountCents\":100,\"currency\":\"\u0000\"}", "\u00ff\u00fe{}")) {
            post("payment body " + abbreviate(body), "/payments", "application/json", body, auth,
                    "Idempotency-Key: hostile-" + requests.size());
        }
        post("payment without key", "/payments", "application/json", "{\"amountCents\":100,\"currency\":\"EUR\"}",
                auth);
        post("payment key with controls", "/payments", "application/json",
                "{\"amountCents\":100,\"currency\":\"EUR\"}", auth, "Idempotency-Key: a\u0001b");
        post("payment key too long", "/payments", "application/json", "{\"amountCents\":100,\"currency\":\"EUR\"}",
                auth, "Idempotency-Key: " + "k".repeat(4000));
        post("payment as text", "/payments", "text/plain", "amount=100", auth, "Idempotency-Key: hostile-text");
        post("payment as form", "/payments", "application/x-www-form-urlencoded", "amountCents=100", auth,
                "Idempotency-Key: hostile-form");
        post("payment unauthenticated", "/payments", "application/json", "{\"amountCents\":100,\"currency\":\"EUR\"}",
                "Idempotency-Key: hostile-anon");
        post("payment body over the limit", "/payments", "application/json",
                "{\"description\":\"" + "x".repeat(1_100_000) + "\"}", auth, "Idempotency-Key: hostile-big");
        incomplete("payment with a lying content-length", "POST /payments HTTP/1.1\r\nHost: x\r\n" + auth
                + "\r\nIdempotency-Key: hostile-short\r\nContent-Type: application/json\r\nContent-Length: 500\r\n"
                + "Connection: close\r\n\r\n{\"amountCents\":1}");
        raw("payment with a bad chunked body", "POST /payments HTTP/1.1\r\nHost: x\r\n" + auth
                + "\r\nIdempotency-Key: hostile-chunk\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked"
                + "\r\nConnection: close\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n");
        raw("content-length and chunked", "POST /payments HTTP/1.1\r\nHost: x\r\n" + auth
                + "\r\nIdempotency-Key: hostile-smuggle\r\nContent-Type: application/json\r\nContent-Length: 4\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\nGET /admin/faults HTTP/1.1\r\n\r\n");
        for (String body : List.of("", "{", "{\"username\":null}", "{\"username\":\"" + "u".repeat(5000) + "\"}",
                "{\"username\":\"a\u0000b\",\"password\":\"x\"}", "{\"username\":[],\"password\":{}}",
                "{\"username\":\"user-01\",\"password\":\"" + "p".repeat(100000) + "\"}")) {
            post("login body " + abbreviate(body), "/login", "application/json", body);
        }
        String admin = "Authorization: Bearer " + adminToken;
        for (String body : List.of("", "{", "{\"priceCents\":-5}", "{\"priceCents\":1e999}", "{\"priceCents\":\"x\"}",
                "{\"priceCents\":99999999999999999999}", "[1,2]")) {
            put("price body " + abbreviate(body), "/products/1/price", body, admin);
        }
        put("price unauthenticated", "/products/1/price", "{\"priceCents\":1}");
        put("price with a guessed token", "/products/1/price", "{\"priceCents\":1}", "Authorization: Bearer guess");
        put("price with a bad precondition", "/products/1/price", "{\"priceCents\":100}", admin, "If-Match: garbage");
        put("price of a huge id", "/products/99999999999999999999/price", "{\"priceCents\":100}", admin);
        put("profile unauthenticated", "/me/profile", "{\"displayName\":\"x\"}");
        put("profile with a forged session", "/me/profile", "{\"displayName\":\"x\"}",
                "Cookie: cachegate_session=forged.value");
        put("faults with garbage", "/admin/faults", "{\"x\":", admin);
    }

    private void methods() {
        for (String method : List.of("DELETE", "PATCH", "TRACE", "OPTIONS", "CONNECT", "FOO", "PROPFIND")) {
            raw(method + " on a product", method + " /products/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        }
        raw("DELETE a cache entry unauthenticated", "DELETE /admin/cache/products/1 HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n");
        raw("DELETE a cache entry of a garbage id", "DELETE /admin/cache/products/x%00 HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + adminToken + "\r\nConnection: close\r\n\r\n");
        raw("logout all without a session", "POST /logout?all=maybe HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n");
        raw("lowercase method", "get /products/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        raw("no target", "GET HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    private void get(String name, String target, String... headers) {
        request(name, "GET", target, null, null, headers);
    }

    private void post(String name, String target, String contentType, String body, String... headers) {
        request(name, "POST", target, contentType, body, headers);
    }

    private void put(String name, String target, String body, String... headers) {
        request(name, "PUT", target, "application/json", body, headers);
    }

    private void request(String name, String method, String target, String contentType, String body,
                         String... headers) {
        StringBuilder text = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: x\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            text.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            text.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        text.append("Connection: close\r\n\r\n");
        byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + payload.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(payload, 0, all, head.length, payload.length);
        requests.add(new Hostile(name, all, false));
    }

    private void raw(String name, String text) {
        requests.add(new Hostile(name, text.getBytes(StandardCharsets.UTF_8), false));
    }

    private void incomplete(String name, String text) {
        requests.add(new Hostile(name, text.getBytes(StandardCharsets.UTF_8), true));
    }

    private static String manyHeaders(int count) {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < count; i++) {
            headers.append(i == 0 ? "" : "\r\n").append("X-Filler-").append(i).append(": ").append("v".repeat(50));
        }
        return headers.toString();
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…(" + text.length() + ")";
    }
}
