package dev.cachegate.payments;

import dev.cachegate.testinfra.UsesSharedServers;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of malformed payment requests, sent as raw bytes so that nothing a client library would refuse to send
 * goes untested: every one must get a 4xx {@code application/problem+json}, never a 500 or a stack trace.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentsMalformedIT implements UsesSharedServers {

    private static final String GOOD = "{\"amountCents\": 1299, \"currency\": \"EUR\", \"source\": \"tok_visa\"}";
    private static final String AUTH = "Bearer " + API_KEY_A;

    @Inject
    EmbeddedServer server;

    record Case(String name, String method, String authorization, String key, String contentType, byte[] body) {
        static Case body(String name, String json) {
            return new Case(name, "POST", AUTH, fresh(), "application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        static Case key(String name, String key) {
            return new Case(name, "POST", AUTH, key, "application/json", GOOD.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyMalformedRequestGetsA4xxProblemNeverA500() throws IOException {
        List<Case> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
        for (Case c : corpus) {
            Raw response = send(c);
            assertThat(response.status).as("%s: %s", c.name(), response.text).isBetween(400, 499);
            assertThat(response.headers.toLowerCase()).as(c.name()).contains("content-type: application/problem+json");
            assertThat(response.text).as(c.name()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    private static List<Case> corpus() {
        List<Case> corpus = new ArrayList<>();
        for (String json : new String[] {"", "{", "[]", "null", "123", "\"text\"", "{\"amountCents\":}", "{'a': 1}",
                "{}x", "{\"amountCents\": 1299,}", "{\"amountCents\": 12\u00009}", "true"}) {
            corpus.add(Case.body("bad JSON " + json, json));
        }
        String[][] fields = {
                {"amountCents", "\"1299\""}, {"amountCents", "true"}, {"amountCents", "null"}, {"amountCents", "12.5"},
                {"amountCents", "1e3"}, {"amountCents", "[]"}, {"amountCents", "{}"}, {"amountCents", "-1"},
                {"amountCents", "0"}, {"amountCents", "100000001"}, {"amountCents", "9223372036854775808"},
                {"amountCents", "99999999999999999999999999"}, {"amountCents", "1e400"}, {"amountCents", "-0"},
                {"currency", "123"}, {"currency", "null"}, {"currency", "\"usd\""}, {"currency", "\"US\""},
                {"currency", "\"USDD\""}, {"currency", "\"XXZ\""}, {"currency", "\"\u20ac\""}, {"currency", "\"\""},
                {"currency", "\" USD\""}, {"source", "5"}, {"source", "\"\""}, {"source", "\"tok visa\""},
                {"source", "\"" + "t".repeat(65) + "\""}, {"source", "\"tok_\u00fc\""}, {"source", "null"},
                {"description", "7"}, {"description", "{}"}, {"description", "\"" + "d".repeat(501) + "\""},
                {"description", "\"line\\u0000break\""}};
        for (String[] field : fields) {
            corpus.add(Case.body(field[0] + "=" + field[1], with(field[0], field[1])));
        }
        corpus.add(Case.body("unknown field", GOOD.replace("}", ", \"amount\": 5}")));
        corpus.add(Case.body("missing amount", "{\"currency\": \"EUR\", \"source\": \"tok_visa\"}"));
        corpus.add(Case.body("20 KB description", with("description", "\"" + "x".repeat(20_000) + "\"")));
        corpus.add(Case.body("2 MB body", "{\"description\": \"" + "x".repeat(2_000_000) + "\"}"));
        corpus.add(Case.key("empty key", ""));
        corpus.add(Case.key("blank key", "   "));
        corpus.add(Case.key("256-character key", "k".repeat(256)));
        corpus.add(Case.key("non-ASCII key", "cl\u00e9-\u043a\u043b\u044e\u0447"));
        corpus.add(Case.key("key with a tab", "a\tb"));
        corpus.add(Case.key("bad escape in a quoted key", "\"a\\x\""));
        corpus.add(Case.key("unterminated quoted key", "\"abc"));
        corpus.add(Case.key("empty quoted key", "\"\""));
        corpus.add(new Case("no key", "POST", AUTH, null, "application/json", GOOD.getBytes(StandardCharsets.UTF_8)));
        corpus.add(new Case("no auth", "POST", null, fresh(), "application/json", GOOD.getBytes(StandardCharsets.UTF_8)));
        corpus.add(new Case("unknown api key", "POST", "Bearer not-a-key-of-this-service", fresh(), "application/json",
                GOOD.getBytes(StandardCharsets.UTF_8)));
        corpus.add(new Case("basic auth", "POST", "Basic YTpi", fresh(), "application/json",
                GOOD.getBytes(StandardCharsets.UTF_8)));
        corpus.add(new Case("text/plain", "POST", AUTH, fresh(), "text/plain", GOOD.getBytes(StandardCharsets.UTF_8)));
        corpus.add(new Case("PUT", "PUT", AUTH, fresh(), "application/json", GOOD.getBytes(StandardCharsets.UTF_8)));
        return corpus;
    }

    private static String with(String field, String value) {
        String base = "{\"amountCents\": 1299, \"currency\": \"EUR\", \"source\": \"tok_visa\"";
        return base.replaceFirst("\"" + field + "\": (\"[^\"]*\"|\\d+)", "\"" + field + "\": "
                + java.util.regex.Matcher.quoteReplacement(value)) + (base.contains(field) ? "}" : ", \"" + field
                + "\": " + value + "}");
    }

    private static String fresh() {
        return "malformed-" + UUID.randomUUID();
    }

    record Raw(int status, String headers, String text) {
    }

    private Raw send(Case c) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write((c.method() + " /payments HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            if (c.authorization() != null) {
                request.write(("Authorization: " + c.authorization() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            if (c.key() != null) {
                request.write(("Idempotency-Key: " + c.key() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            request.write(("Content-Type: " + c.contentType() + "\r\nContent-Length: " + c.body().length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.write(c.body());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toByteArray());
                out.flush();
            } catch (IOException closedEarly) {
                // the server may answer (413) and close before reading a huge body
            }
            InputStream in = socket.getInputStream();
            String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headerEnd = raw.indexOf("\r\n\r\n");
            String head = headerEnd < 0 ? raw : raw.substring(0, headerEnd);
            int status = Integer.parseInt(head.substring(9, 12));
            return new Raw(status, head, headerEnd < 0 ? "" : raw.substring(headerEnd + 4));
        }
    }
}
