package dev.kafkatorio.local;

import dev.kafkatorio.local.bench.SyntheticWorld;
import dev.kafkatorio.protocol.ConsoleFraming;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A console recording of a server's backfill, as the mod prints it on install: a session start,
 * prototypes, {@code chunks} chunk packets over a square around the origin, then a factory of
 * {@code entities} entities built in packets of 100 (large packets split into {@code KFKTR+} parts),
 * with ordinary server log lines between them.
 */
final class BackfillRecording {

    static final String[][] KINDS = {
        {"transport-belt", "transport-belt", "1"}, {"inserter", "inserter", "1"},
        {"assembling-machine-2", "assembling-machine", "3"}, {"small-electric-pole", "electric-pole", "1"},
        {"stone-furnace", "furnace", "2"}};

    final Path file;
    final int packets;
    final List<String> ordinaryLines;
    final Set<String> terrainTiles;
    final Set<String> entityTiles;

    private BackfillRecording(Path file, int packets, List<String> ordinaryLines, Set<String> terrainTiles,
            Set<String> entityTiles) {
        this.file = file;
        this.packets = packets;
        this.ordinaryLines = ordinaryLines;
        this.terrainTiles = terrainTiles;
        this.entityTiles = entityTiles;
    }

    /** Writes the recording; tile paths are z=3 paths under {@code /tiles/<server>/1/} and {@code /entity-tiles/...}. */
    static BackfillRecording write(Path file, String server, int chunks, int entities) throws IOException {
        List<String> ordinary = new ArrayList<>();
        Set<String> terrain = new LinkedHashSet<>();
        Set<String> entityTiles = new LinkedHashSet<>();
        int packets = 0;
        long seq = 0;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            ordinary(out, ordinary, "   0.000 2026-12-02 09:00:00; Factorio 2.0.77 (build 83721, linux64, headless, space-age)");
            packet(out, ++seq, "session-start", "{\"mod\":\"0.1.0\",\"game\":\"2.0.77\",\"reason\":\"load\"}");
            packets++;
            StringBuilder protos = new StringBuilder("{\"tiles\":{");
            for (int t = 0; t < SyntheticWorld.TILES.length; t++) {
                protos.append(t == 0 ? "" : ",").append('"').append(SyntheticWorld.TILES[t]).append("\":\"#")
                        .append(String.format("%06x", (t * 0x1f3a5b + 0x202020) & 0xffffff)).append('"');
            }
            protos.append("},\"resources\":{\"iron-ore\":\"#6a8694\",\"copper-ore\":\"#c86230\",\"coal\":\"#000000\",\"stone\":\"#b09868\"},\"entities\":{");
            for (int k = 0; k < KINDS.length; k++) {
                protos.append(k == 0 ? "" : ",").append('"').append(KINDS[k][0]).append("\":{\"type\":\"").append(KINDS[k][1])
                        .append("\",\"w\":").append(KINDS[k][2]).append(",\"h\":").append(KINDS[k][2]).append('}');
            }
            protos.append("}}");
            packet(out, ++seq, "prototypes", protos.toString());
            packets++;
            List<int[]> square = SyntheticWorld.square(chunks);
            for (int i = 0; i < square.size(); i++) {
                int[] c = square.get(i);
                packet(out, ++seq, "chunk", SyntheticWorld.chunkData(1, c[0], c[1]));
                packets++;
                terrain.add("/tiles/" + server + "/1/3/" + c[0] + "/" + c[1] + ".png");
                if (i % 97 == 0) {
                    ordinary(out, ordinary, "2026-12-02 09:00:" + String.format("%02d", i % 60) + " [CHAT] alice: charted " + i);
                }
            }
            // the factory fills the charted square from its north-west corner, 3 tiles per entity slot
            int side = (int) Math.ceil(Math.sqrt(chunks));
            int minTile = -(side / 2) * 32;
            int slotsPerRow = side * 32 / 3;
            StringBuilder changes = new StringBuilder();
            int inPacket = 0;
            for (int i = 0; i < entities; i++) {
                String[] kind = KINDS[(i / 7) % KINDS.length];
                double off = Integer.parseInt(kind[2]) % 2 == 1 ? 0.5 : 0.0;
                double x = minTile + (i % slotsPerRow) * 3 + 1 + off;
                double y = minTile + (i / slotsPerRow) * 3 + 1 + off;
                entityTiles.add("/entity-tiles/" + server + "/1/3/" + Math.floorDiv((long) Math.floor(x), 32) + "/"
                        + Math.floorDiv((long) Math.floor(y), 32) + ".png");
                changes.append(inPacket == 0 ? "" : ",").append("{\"event\":\"built\",\"unit\":").append(i + 1)
                        .append(",\"name\":\"").append(kind[0]).append("\",\"type\":\"").append(kind[1]).append("\",\"x\":").append(x)
                        .append(",\"y\":").append(y).append(",\"dir\":").append((i % 4) * 4)
                        .append(",\"force\":\"player\",\"player\":1,\"cause\":\"robot\"}");
                if (++inPacket == 100 || i == entities - 1) {
                    packet(out, ++seq, "entities", "{\"surface\":1,\"changes\":[" + changes + "]}");
                    packets++;
                    changes.setLength(0);
                    inPacket = 0;
                    if (packets % 50 == 0) {
                        ordinary(out, ordinary, "2026-12-02 09:01:00 [CHAT] bob: built " + (i + 1));
                    }
                }
            }
            ordinary(out, ordinary, "2026-12-02 09:02:00 Info ServerMultiplayerManager.cpp: backfill done");
        }
        return new BackfillRecording(file, packets, ordinary, terrain, entityTiles);
    }

    private static void ordinary(Writer out, List<String> ordinary, String line) throws IOException {
        ordinary.add(line);
        out.write(line);
        out.write('\n');
    }

    private static void packet(Writer out, long seq, String type, String data) throws IOException {
        String json = "{\"v\":1,\"type\":\"" + type + "\",\"tick\":" + seq + ",\"seq\":" + seq + ",\"data\":" + data + "}";
        for (String line : ConsoleFraming.frame(seq, json)) {
            out.write(line);
            out.write('\n');
        }
    }
}
