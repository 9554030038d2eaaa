package dev.kafkatorio.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkatorio.protocol.TopicJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo as a user starts it: the recorded console replayed through kafka-pipe into the stack. */
class LocalStackDemoITCase {

    @TempDir
    Path dir;

    @Test
    void shouldShowTheDemoPlayersOnTheMapApi() throws Exception {
        LocalStackConfig cfg = LocalStackConfig.forTests(dir);
        cfg = new LocalStackConfig(cfg.bindAddress(), 0, dir, null, null, LocalStackConfig.ConsoleSource.DEMO, "demo",
                20.0, cfg.checkpointInterval(), 1, null, null, null);
        HttpClient http = HttpClient.newHttpClient();
        try (LocalStack stack = LocalStack.start(cfg)) {
            URI players = stack.mapUri().resolve("/api/servers/demo/players");
            JsonNode list = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> get(http, players), n -> n != null && n.size() >= 3);
            for (JsonNode p : list) {
                assertThat(p.get("server").asText()).isEqualTo("demo");
                assertThat(p.get("color").asText()).matches("#[0-9a-f]{6}");
            }
            JsonNode servers = await().atMost(Duration.ofSeconds(30))
                    .until(() -> get(http, stack.mapUri().resolve("/api/servers")),
                            n -> n != null && n.size() == 1 && !n.get(0).get("status").isNull());
            assertThat(servers.get(0).get("status").get("gameVersion").asText()).startsWith("2.");

            HttpResponse<String> page = http.send(HttpRequest.newBuilder(stack.mapUri()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<html");
        }
    }

    private static JsonNode get(HttpClient http, URI uri) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        return r.statusCode() == 200 ? TopicJson.mapper().readTree(r.body()) : null;
    }
}
