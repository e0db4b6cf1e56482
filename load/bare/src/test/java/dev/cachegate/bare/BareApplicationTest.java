package dev.cachegate.bare;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BareApplicationTest {

    @Test
    void servesTheFilesProductByteForByteForAnyId() throws Exception {
        Path file = Path.of(getClass().getResource("/product-1.json").toURI());
        byte[] expected = Files.readAllBytes(file);
        Map<String, Object> properties = Map.of(
                "bare.product-file", file.toString(),
                "micronaut.server.port", -1,
                "micronaut.test.resources.enabled", false);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties);
             HttpClient client = HttpClient.newHttpClient()) {
            for (String id : new String[] {"1", "77"}) {
                HttpResponse<byte[]> response = client.send(
                        HttpRequest.newBuilder(server.getURI().resolve("/products/" + id)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, response.statusCode());
                assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
                assertArrayEquals(expected, response.body());
            }
        }
    }
}
