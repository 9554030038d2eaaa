package dev.kafkatorio.flink.tiles;

import dev.kafkatorio.flink.packets.DecodedPacket;
import dev.kafkatorio.protocol.ChunkTerrain;
import dev.kafkatorio.protocol.GameChart;
import dev.kafkatorio.protocol.Prototypes;
import dev.kafkatorio.protocol.SurfaceInfo;
import dev.kafkatorio.protocol.TileChanges;

/** Small builders of map inputs for the operator tests. */
final class TileTestPackets {

    private TileTestPackets() {}

    static ChunkEvent terrain(String server, int cx, int cy, String tile) {
        ChunkTerrain t = new ChunkTerrain(1, cx, cy, "h", new String[] {tile}, new int[] {0, 1024}, new String[0], new long[0]);
        return new ChunkEvent(server, 1, cx, cy, t, null, null, false);
    }

    static ChunkEvent tileChange(String server, int cx, int cy, int dx, int dy, String tile) {
        TileChanges c = new TileChanges(1, new String[] {tile}, new int[] {cx * 32 + dx, cy * 32 + dy, 0});
        return new ChunkEvent(server, 1, cx, cy, null, c, null, false);
    }

    static ChunkEvent deleted(String server, int cx, int cy) {
        return new ChunkEvent(server, 1, cx, cy, null, null, null, true);
    }

    static ChunkEvent chart(String server, int cx, int cy, String data) {
        return new ChunkEvent(server, 1, cx, cy, null, null, new GameChart(1, cx, cy, data), false);
    }

    static DecodedPacket prototypes(String server, String tile, String colour) {
        Prototypes p = new Prototypes(new String[] {tile}, new String[] {colour}, new String[0], new String[0]);
        return new DecodedPacket(server, "1.1", 1, 0, 0, "prototypes", null, null, null, "p/0/1", null, p, null, null, null, null);
    }

    static DecodedPacket surface(String server, int index, String event) {
        SurfaceInfo s = new SurfaceInfo(index, "nauvis", "planet", "nauvis", event);
        return new DecodedPacket(server, "1.1", 1, 0, 0, "surface", null, null, null, "p/0/1", s, null, null, null, null, null);
    }

    /** Keyed state entries of a broadcast harness (its class has no such method). */
    static int keyedEntries(org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness<?> h) {
        var backend = ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
        return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
    }
}
