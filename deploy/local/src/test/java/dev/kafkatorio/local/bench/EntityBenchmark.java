package dev.kafkatorio.local.bench;

import dev.kafkatorio.local.LocalStack;
import dev.kafkatorio.local.LocalStackConfig;
import dev.kafkatorio.pipe.KafkaPipe;
import dev.kafkatorio.protocol.ConsoleFraming;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Benchmark of the factory layer (issue #4): a factory of N entities placed (as a backfill would
 * print them: {@code entities} packets of 100 changes) shipped through kafka-pipe into the local
 * stack, until every affected chunk's entity tile is committed and the layer is quiet; packets/s
 * and entities/s. Baseline in the same run: the same input through the pass-through job.
 *
 * <p>Run with {@code bench/entities.sh}; prints a Markdown table.
 */
public final class EntityBenchmark {

    static final int ENTITIES = Integer.getInteger("entities", 100_000);
    static final int PER_PACKET = 100;
    static final String[][] KINDS = {
        {"transport-belt", "transport-belt", "1"}, {"fast-inserter", "inserter", "1"},
        {"assembling-machine-2", "assembling-machine", "3"}, {"small-electric-pole", "electric-pole", "1"},
        {"stone-furnace", "furnace", "2"}};

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("kafkatorio-entity-bench-");
        Path console = dir.resolve("factory-console.log");
        Set<String> chunks = new HashSet<>();
        int packets = writeConsole(console, chunks);
        System.err.printf("input: %d entities in %d packets over %d chunks, %d bytes%n", ENTITIES, packets, chunks.size(),
                Files.size(console));
        LocalStackConfig cfg = new LocalStackConfig("127.0.0.1", 0, dir.resolve("stack"), null, null,
                LocalStackConfig.ConsoleSource.NONE, MapBenchmark.SERVER, 0, Duration.ofSeconds(1), Integer.getInteger("parallelism", 1),
                null, null, null);
        try (LocalStack stack = LocalStack.start(cfg)) {
            double baselineSeconds = MapBenchmark.passThroughSeconds(stack, dir, console, "ebase.");
            // completion is polled over HTTP, not watched on the WebSocket: the change log sends one
            // `change` message per entity, and a client that does not keep up with 100k of them is
            // (rightly) closed as too slow by the broadcaster
            long t0 = System.nanoTime();
            long lastChange;
            try (KafkaPipe pipe = KafkaPipe.start(MapBenchmark.pipeConfig(stack, ""))) {
                try (InputStream in = Files.newInputStream(console)) {
                    pipe.pump(in, OutputStream.nullOutputStream());
                }
                lastChange = pollUntilQuiet(stack, chunks, t0);
            }
            double seconds = (lastChange - t0) / 1e9;
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?");
            System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", Java "
                    + System.getProperty("java.version") + "; Flink parallelism " + Integer.getInteger("parallelism", 1) + ", RocksDB, 1 s checkpoints.");
            System.out.println();
            System.out.println("| " + ENTITIES + " entities placed (" + packets + " packets, " + chunks.size()
                    + " chunks) | packets/s | entities/s | seconds |");
            System.out.println("| --- | ---: | ---: | ---: |");
            System.out.printf("| baseline: pass-through Flink job, same input, exactly-once | %.0f | %.0f | %.1f |%n",
                    packets / baselineSeconds, ENTITIES / baselineSeconds, baselineSeconds);
            System.out.printf("| kafka-pipe → job → every z=3 entity tile committed and stable (polled each ~2 s) | %.0f | %.0f | %.1f |%n",
                    packets / seconds, ENTITIES / seconds, seconds);
        }
    }

    /**
     * Polls every expected z=3 entity tile until all exist and two rounds in a row see no ETag
     * change; returns when the last change was seen (nanoTime).
     */
    static long pollUntilQuiet(LocalStack stack, Set<String> chunks, long t0) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.Map<String, String> etags = new java.util.HashMap<>();
        long lastChange = t0;
        int quietRounds = 0;
        while (quietRounds < 2) {
            boolean changed = false;
            int present = 0;
            for (String key : chunks) {
                String[] k = key.split("/");
                java.net.URI uri = stack.mapUri().resolve("/entity-tiles/" + MapBenchmark.SERVER + "/1/3/" + k[1] + "/" + k[2] + ".png");
                var r = http.send(java.net.http.HttpRequest.newBuilder(uri).method("HEAD",
                        java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
                String etag = r.statusCode() == 200 ? r.headers().firstValue("ETag").orElse("") : null;
                if (etag != null) {
                    present++;
                }
                if (!java.util.Objects.equals(etags.put(key, etag), etag)) {
                    changed = true;
                }
            }
            long now = System.nanoTime();
            if (changed) {
                lastChange = now;
            }
            quietRounds = present == chunks.size() && !changed ? quietRounds + 1 : 0;
            System.err.printf("entity tiles: %d/%d chunks drawn after %.1f s%s%n", present, chunks.size(), (now - t0) / 1e9,
                    changed ? "" : " (quiet)");
            Thread.sleep(1000);
        }
        return lastChange;
    }

    /** Writes a factory: rows of belts, inserters, assemblers, poles, furnaces filling chunks. */
    static int writeConsole(Path file, Set<String> chunkKeys) throws Exception {
        int packets = 0;
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("KFKTR:{\"v\":1,\"type\":\"session-start\",\"tick\":1,\"seq\":1,\"data\":{\"mod\":\"0.1.0\",\"game\":\"2.0.77\",\"reason\":\"load\"}}\n");
            StringBuilder protos = new StringBuilder("{\"tiles\":{\"grass-1\":\"#37350b\"},\"resources\":{},\"entities\":{");
            for (int k = 0; k < KINDS.length; k++) {
                protos.append(k == 0 ? "" : ",").append('"').append(KINDS[k][0]).append("\":{\"type\":\"").append(KINDS[k][1])
                        .append("\",\"w\":").append(KINDS[k][2]).append(",\"h\":").append(KINDS[k][2]).append('}');
            }
            protos.append("}}");
            long seq = 2;
            writePacket(out, seq, "prototypes", protos.toString());
            int side = (int) Math.ceil(Math.sqrt(ENTITIES)) * 3; // a square factory, 3 tiles per entity slot
            StringBuilder changes = new StringBuilder();
            int inPacket = 0;
            for (int i = 0; i < ENTITIES; i++) {
                int slotX = (i % (side / 3)) * 3 - side / 2;
                int slotY = (i / (side / 3)) * 3 - side / 2;
                String[] kind = KINDS[(i / 7) % KINDS.length];
                double off = Integer.parseInt(kind[2]) % 2 == 1 ? 0.5 : 0.0;
                double x = slotX + 1 + off;
                double y = slotY + 1 + off;
                chunkKeys.add("3/" + Math.floorDiv((long) Math.floor(x), 32) + "/" + Math.floorDiv((long) Math.floor(y), 32));
                changes.append(inPacket == 0 ? "" : ",").append("{\"event\":\"built\",\"unit\":").append(i + 1)
                        .append(",\"name\":\"").append(kind[0]).append("\",\"type\":\"").append(kind[1]).append("\",\"x\":").append(x)
                        .append(",\"y\":").append(y).append(",\"dir\":").append((i % 4) * 4)
                        .append(",\"force\":\"player\",\"player\":1,\"cause\":\"robot\"}");
                if (++inPacket == PER_PACKET || i == ENTITIES - 1) {
                    writePacket(out, ++seq, "entities", "{\"surface\":1,\"changes\":[" + changes + "]}");
                    packets++;
                    changes.setLength(0);
                    inPacket = 0;
                }
            }
        }
        return packets;
    }

    private static void writePacket(java.io.Writer out, long seq, String type, String data) throws Exception {
        String json = "{\"v\":1,\"type\":\"" + type + "\",\"tick\":" + seq + ",\"seq\":" + seq + ",\"data\":" + data + "}";
        for (String line : ConsoleFraming.frame(seq, json)) {
            out.write(line);
            out.write('\n');
        }
    }
}
