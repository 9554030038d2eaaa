package dev.kafkatorio.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkatorio.protocol.TopicJson;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack as a child process on one data dir: start, chart chunks, stop by SIGINT, start again;
 * then SIGTERM and {@code kill -9} in turn, each followed by a start. After each restart every tile
 * served before is still served with the same ETag, a one-tile change of a chunk charted before the
 * restart changes exactly that tile's pixels (chunk state came back), and players move again. A
 * second stack on the data dir in use refuses to start and touches nothing.
 */
class LocalStackRestartITCase {

    static final String SERVER = "restart";
    static final int Z3_PX_PER_TILE = 8;

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<String> ordinaryLines = new ArrayList<>();

    @Test
    void shouldComeBackWithItsStateAfterSigintSigtermAndKill9() throws Exception {
        Path data = dir.resolve("data");
        int[][] chunks = {{0, 0}, {1, 0}, {2, 0}, {0, 1}, {1, 1}, {2, 1}, {-1, -1}};
        Map<String, String> etags;
        Map<String, byte[]> pngs = new LinkedHashMap<>();
        double[] stopSeconds = new double[3];

        try (StackProcess stack = StackProcess.start(data, SERVER, dir.resolve("run1.log"))) {
            URI map = stack.awaitStarted(180);
            ordinary(stack, "   0.000 2026-12-02 10:00:00; Factorio 2.0.77 (build 83721, linux64, headless)");
            stack.writePacket("prototypes", 1,
                    "{\"tiles\":{\"grass-1\":\"#37350b\",\"water\":\"#33535f\",\"stone-path\":\"#52514a\",\"concrete\":\"#3a3a3a\"},\"resources\":{}}");
            for (int[] c : chunks) {
                stack.writePacket("chunk", 100, chunkData(c[0], c[1]));
            }
            ordinary(stack, "2026-12-02 10:00:05 [JOIN] alice joined the game");
            stack.writePacket("player", 120, player("joined", 5.5, 6.5));
            etags = awaitStableTiles(map, tilesOf(chunks), pngs);
            awaitPlayerAt(map, 5.5, 6.5);

            // a second stack on the same data dir refuses, with a clear message, and touches nothing
            Path second = dir.resolve("second.log");
            try (StackProcess other = StackProcess.start(data, SERVER, second)) {
                assertThat(other.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                assertThat(other.process.exitValue()).isEqualTo(2);
                assertThat(Files.readString(second)).contains("is in use by another Kafkatorio stack");
            }
            assertThat(servedEtags(map, etags.keySet())).isEqualTo(etags);

            stopSeconds[0] = stack.signal("INT", 30);
            assertThat(stack.stdout()).containsExactlyElementsOf(ordinaryLines);
            assertThat(Files.readString(stack.log)).contains("Stopped the Flink job", "Stopped the Kafka broker");
        }

        String[] signals = {"TERM", "KILL", null};
        int[][] changed = {{40, 5}, {70, 40}, {3, 3}};
        for (int round = 0; round < 3; round++) {
            ordinaryLines.clear();
            try (StackProcess stack = StackProcess.start(data, SERVER, dir.resolve("run" + (round + 2) + ".log"))) {
                URI map = stack.awaitStarted(180);
                assertThat(Files.readString(stack.log)).as("resumed from a snapshot").contains("(restoring /");

                // every tile served before is still served, with the same ETag
                assertThat(servedEtags(map, etags.keySet())).isEqualTo(etags);

                // one game tile of a chunk charted before the restart: exactly its pixels change
                int gx = changed[round][0];
                int gy = changed[round][1];
                int cx = Math.floorDiv(gx, 32);
                int cy = Math.floorDiv(gy, 32);
                String z3 = "/tiles/" + SERVER + "/1/3/" + cx + "/" + cy + ".png";
                stack.writePacket("tiles", 200 + round, "{\"surface\":1,\"palette\":[\"concrete\"],\"tiles\":[" + gx + "," + gy + ",0]}");
                String before = etags.get(z3);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                        .until(() -> etag(map.resolve(z3)), e -> e != null && !e.equals(before));
                byte[] after = get(map.resolve(z3)).body();
                assertOnlyTileChanged(pngs.get(z3), after, gx - cx * 32, gy - cy * 32);

                // players move again
                ordinary(stack, "2026-12-02 10:01:0" + round + " [CHAT] alice: still here");
                stack.writePacket("player", 300 + round, player("moved", 10.0 + round, -3.5));
                awaitPlayerAt(map, 10.0 + round, -3.5);

                etags = awaitStableTiles(map, tilesOf(chunks), pngs);
                if (signals[round] != null) {
                    stopSeconds[round + 1] = stack.signal(signals[round], 30);
                    if (!signals[round].equals("KILL")) {
                        assertThat(stack.stdout()).containsExactlyElementsOf(ordinaryLines);
                    }
                } else {
                    stack.signal("INT", 30);
                }
            }
        }
        System.out.printf("restart drill: stop by SIGINT %.1f s, SIGTERM %.1f s, SIGKILL %.1f s%n",
                stopSeconds[0], stopSeconds[1], stopSeconds[2]);
    }

    private void ordinary(StackProcess stack, String line) throws Exception {
        ordinaryLines.add(line);
        stack.writeLine(line);
    }

    /** Terrain: grass above a diagonal that differs per chunk, water below. */
    static String chunkData(int cx, int cy) {
        int grass = 512 + Math.floorMod(cx * 37 + cy * 11, 200) - 100;
        return "{\"surface\":1,\"cx\":" + cx + ",\"cy\":" + cy + ",\"force\":\"player\",\"hash\":\"h" + cx + "_" + cy
                + "\",\"palette\":[\"grass-1\",\"water\"],\"runs\":[0," + grass + ",1," + (1024 - grass) + "]}";
    }

    static String player(String event, double x, double y) {
        return "{\"index\":1,\"name\":\"alice\",\"event\":\"" + event + "\",\"surface\":1,\"x\":" + x + ",\"y\":" + y
                + ",\"color\":\"#ff8000\",\"connected\":true}";
    }

    /** Every pyramid tile (z = 3 .. -6) that covers one of the chunks. */
    static Set<String> tilesOf(int[][] chunks) {
        Set<String> paths = new LinkedHashSet<>();
        for (int z = 3; z >= -6; z--) {
            int shift = 3 - z;
            for (int[] c : chunks) {
                paths.add("/tiles/" + SERVER + "/1/" + z + "/" + (c[0] >> shift) + "/" + (c[1] >> shift) + ".png");
            }
        }
        return paths;
    }

    /** Waits until every tile is served and no ETag changed over three polls; keeps their bytes. */
    private Map<String, String> awaitStableTiles(URI map, Set<String> paths, Map<String, byte[]> pngs) {
        Map<String, String>[] last = new Map[1];
        int[] stable = {0};
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, String> now = servedEtags(map, paths);
            boolean complete = now.values().stream().allMatch(e -> e != null);
            stable[0] = complete && now.equals(last[0]) ? stable[0] + 1 : 0;
            last[0] = now;
            return stable[0] >= 2;
        });
        for (String p : paths) {
            pngs.put(p, get(map.resolve(p)).body());
        }
        return last[0];
    }

    private Map<String, String> servedEtags(URI map, Set<String> paths) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : paths) {
            out.put(p, etag(map.resolve(p)));
        }
        return out;
    }

    private String etag(URI uri) throws Exception {
        HttpResponse<byte[]> r = get(uri);
        return r.statusCode() == 200 ? r.headers().firstValue("ETag").orElse("(none)") : null;
    }

    private HttpResponse<byte[]> get(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + uri + ": " + e, e);
        }
    }

    private void awaitPlayerAt(URI map, double x, double y) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            HttpResponse<byte[]> r = get(map.resolve("/api/servers/" + SERVER + "/players"));
            if (r.statusCode() != 200) {
                return false;
            }
            for (JsonNode p : TopicJson.mapper().readTree(r.body())) {
                if (p.get("index").asInt() == 1 && p.get("x").asDouble() == x && p.get("y").asDouble() == y) {
                    return true;
                }
            }
            return false;
        });
    }

    /** The two PNGs differ in the 8x8 pixel block of local tile (lx, ly), and nowhere else. */
    static void assertOnlyTileChanged(byte[] beforePng, byte[] afterPng, int lx, int ly) throws Exception {
        BufferedImage a = ImageIO.read(new ByteArrayInputStream(beforePng));
        BufferedImage b = ImageIO.read(new ByteArrayInputStream(afterPng));
        assertThat(b.getWidth()).isEqualTo(a.getWidth());
        int inside = 0;
        int outside = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    boolean in = x / Z3_PX_PER_TILE == lx && y / Z3_PX_PER_TILE == ly;
                    if (in) {
                        inside++;
                    } else {
                        outside++;
                    }
                }
            }
        }
        assertThat(outside).as("pixels changed outside game tile (%d,%d)", lx, ly).isZero();
        assertThat(inside).as("pixels changed in game tile (%d,%d)", lx, ly).isEqualTo(Z3_PX_PER_TILE * Z3_PX_PER_TILE);
    }
}
