package dev.kafkatorio.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkatorio.protocol.TopicJson;
import dev.kafkatorio.protocol.Topics;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real-size backfill recording (thousands of chunks, 100k entities, multi-part packets) piped at
 * full speed into {@code --console -} of the stack as a child process: every packet reaches Kafka
 * (kafka-pipe's disk spool absorbs the burst), the map draws every chunk and every entity chunk, no
 * checkpoint fails or times out, the job never restarts, and stdout is exactly the input's
 * ordinary lines.
 */
class BackfillConsoleITCase {

    static final String SERVER = "backfill";

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldTakeAFullSpeedBackfillWithoutLosingAPacket() throws Exception {
        int chunks = Integer.getInteger("backfill.chunks", 3000);
        int entities = Integer.getInteger("backfill.entities", 100_000);
        BackfillRecording rec = BackfillRecording.write(dir.resolve("backfill.log"), SERVER, chunks, entities);
        System.out.printf("backfill recording: %d packets, %d chunks, %d entities, %d bytes%n", rec.packets, chunks,
                entities, Files.size(rec.file));
        Path stackLog = Path.of("target", "backfill-console-stack.log"); // kept for a look after a failure
        try (StackProcess stack = StackProcess.start(dir.resolve("data"), SERVER, stackLog)) {
            URI map = stack.awaitStarted(180);
            String startLog = Files.readString(stackLog);
            URI rest = URI.create(group(startLog, "Flink REST API and web UI at (\\S+)"));
            String jobId = group(startLog, "Flink job ([0-9a-f]{32}) submitted");
            // checkpoints triggered while the job's tasks are still starting fail at once ("not all
            // required tasks are running"); count from the first completed one on
            JsonNode atStart = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> json(rest.resolve("/jobs/" + jobId + "/checkpoints")).get("counts"),
                            c -> c.get("completed").asInt() >= 1);
            long t0 = System.nanoTime();
            try (InputStream in = Files.newInputStream(rec.file); OutputStream stdin = stack.process.getOutputStream()) {
                in.transferTo(stdin); // as fast as the pipe takes it
            }
            String bootstrap = group(startLog, "Embedded Kafka broker ready on (\\S+) ");

            // every packet arrives in Kafka (one record each, the parts of a split packet joined)
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> recordsIn(bootstrap, Topics.PACKETS) >= rec.packets);
            assertThat(recordsIn(bootstrap, Topics.PACKETS)).isEqualTo(rec.packets);

            // and the map draws all of it
            awaitAllServed(map, rec.terrainTiles, "terrain");
            awaitAllServed(map, rec.entityTiles, "entity");
            System.out.printf("backfill served in %.1f s%n", (System.nanoTime() - t0) / 1e9);

            JsonNode stats = json(rest.resolve("/jobs/" + jobId + "/checkpoints"));
            JsonNode counts = stats.get("counts");
            System.out.println("checkpoints at start: " + atStart + ", after the backfill: " + counts
                    + "; end-to-end ms: " + stats.get("summary").get("end_to_end_duration"));
            StringBuilder failures = new StringBuilder();
            for (JsonNode h : stats.get("history")) {
                if ("FAILED".equals(h.path("status").asText())) {
                    failures.append("\n  #").append(h.path("id").asText()).append(": ").append(h.path("failure_message").asText());
                }
            }
            assertThat(counts.get("completed").asInt()).isPositive();
            assertThat(counts.get("failed").asInt()).as("checkpoints failed or timed out during the backfill:%s; latest: %s",
                    failures, stats.get("latest").get("failed")).isEqualTo(atStart.get("failed").asInt());
            assertThat(numRestarts(rest, jobId)).isZero();

            stack.signal("INT", 30);
            assertThat(stack.stdout()).containsExactlyElementsOf(rec.ordinaryLines);
            assertThat(Files.readString(stack.log)).doesNotContain("Spool full").doesNotContain("dropped");
        }
    }

    static long numRestarts(URI rest, String jobId) throws Exception {
        JsonNode m = new BackfillConsoleITCase().json(rest.resolve("/jobs/" + jobId + "/metrics?get=numRestarts"));
        return m.size() == 0 ? 0 : m.get(0).get("value").asLong();
    }

    private void awaitAllServed(URI map, Set<String> paths, String what) {
        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            long served = 0;
            for (String p : paths) {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(map.resolve(p))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    served++;
                }
            }
            System.out.printf("%s tiles served: %d/%d%n", what, served, paths.size());
            return served == paths.size();
        });
    }

    JsonNode json(URI uri) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("GET %s", uri).isEqualTo(200);
        return TopicJson.mapper().readTree(r.body());
    }

    static long recordsIn(String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new java.util.HashMap<>();
            for (int i = 0; i < partitions; i++) {
                latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
                earliest.put(new TopicPartition(topic, i), OffsetSpec.earliest());
            }
            long end = admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
            long start = admin.listOffsets(earliest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
            return end - start;
        }
    }

    static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("log line matching %s", regex).isTrue();
        return m.group(1);
    }
}
