package dev.kafkatorio.flink.entities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.flink.map.EntityRenderer;
import dev.kafkatorio.flink.map.EntityTestData;
import dev.kafkatorio.flink.map.TileRenderer;
import dev.kafkatorio.flink.packets.DecodedPacket;
import dev.kafkatorio.flink.tiles.MapControl;
import dev.kafkatorio.flink.tiles.TileImage;
import dev.kafkatorio.protocol.ChunkEntities;
import dev.kafkatorio.protocol.EntityChange;
import dev.kafkatorio.protocol.EntityPrototype;
import dev.kafkatorio.protocol.EntityState;
import dev.kafkatorio.protocol.SurfaceInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EntityStateFunctionTest {

    private static final Map<String, EntityPrototype> PROTOS = EntityEvents.byName(
            new dev.kafkatorio.protocol.Prototypes(new String[0], new String[0], new String[0], new String[0],
                    EntityTestData.prototypes()));
    private static final int ASSEMBLER = 0xFF006191;

    private KeyedBroadcastOperatorTestHarness<String, EntityEvent, DecodedPacket, TileImage> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new EntityStateFunction(), EntityEvent::chunkKey, Types.STRING, MapControl.COLOURS);
        harness.setProcessingTime(1_000);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    static EntityChange change(String event, long unit, String name, String type, double x, double y, int dir) {
        return new EntityChange(event, unit, name, type, x, y, dir, "player", "normal", 1, "player", 0, 0, "");
    }

    static EntityChange teleport(long unit, String name, String type, double x, double y, double fromX, double fromY) {
        return new EntityChange("teleported", unit, name, type, x, y, 0, "player", "", 0, "script", fromX, fromY, "");
    }

    static List<EntityEvent> events(EntityChange... changes) {
        List<EntityEvent> out = new ArrayList<>();
        Collector<EntityEvent> collector = collector(out);
        for (EntityChange c : changes) {
            EntityEvents.changes("s1", 1, c, PROTOS, collector);
        }
        return out;
    }

    static Collector<EntityEvent> collector(List<EntityEvent> out) {
        return new Collector<>() {
            @Override
            public void collect(EntityEvent e) {
                out.add(e);
            }

            @Override
            public void close() {}
        };
    }

    private void feed(List<EntityEvent> events) throws Exception {
        for (EntityEvent e : events) {
            harness.processElement(e, 0);
        }
    }

    private void tick(long ms) throws Exception {
        harness.setProcessingTime(harness.getProcessingTime() + ms);
    }

    private List<TileImage> tiles() {
        return harness.extractOutputValues();
    }

    private TileImage lastTile(String key) {
        List<TileImage> matching = tiles().stream().filter(t -> t.tileKey().key().equals(key)).toList();
        return matching.isEmpty() ? null : matching.get(matching.size() - 1);
    }

    private List<ChunkEntitiesRecord> chunkEntities() {
        var q = harness.getSideOutput(EntityStateFunction.CHUNK_ENTITIES);
        return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
    }

    private int keyedEntries() {
        var backend = ((AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend();
        return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
    }

    private static int px(TileImage t, int x, int y) {
        return TileRenderer.argbAt(t.rgba(), x, y);
    }

    @Test
    void shouldRenderABuildBurstOnceAndRemoveAMinedEntitysPixels() throws Exception {
        List<EntityChange> burst = new ArrayList<>();
        burst.add(change("built", 1, "assembling-machine-2", "assembling-machine", 4.5, 4.5, 0));
        for (int i = 0; i < 50; i++) {
            burst.add(change("built", 100 + i, "transport-belt", "transport-belt", 10.5 + i % 20, 1.5 + i / 20, 4));
        }
        feed(events(burst.toArray(new EntityChange[0])));
        assertThat(tiles()).isEmpty();
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        tick(EntityStateFunction.COALESCE_MS);
        assertThat(tiles()).singleElement().satisfies(t -> {
            assertThat(t.tileKey().key()).isEqualTo("s1/1/3/0/0");
            assertThat(px(t, 30, 30)).isEqualTo(ASSEMBLER);
        });
        assertThat(chunkEntities()).singleElement().satisfies(r -> assertThat(r.update().entities()).hasSize(51));
        assertThat(harness.numProcessingTimeTimers()).isZero();

        feed(events(change("mined", 1, "assembling-machine-2", "assembling-machine", 4.5, 4.5, 0)));
        tick(EntityStateFunction.COALESCE_MS);
        assertThat(px(lastTile("s1/1/3/0/0"), 30, 30) >>> 24).isZero();
        assertThat(px(lastTile("s1/1/3/0/0"), 84, 12) >>> 24).isEqualTo(255); // a belt stays
        assertThat(chunkEntities().get(1).update().entities()).hasSize(50);
    }

    @Test
    void shouldEndWithNoStateAndNoTimersWhenTheLastEntityGoes() throws Exception {
        feed(events(change("built", 7, "inserter", "inserter", 0.5, 0.5, 0)));
        tick(EntityStateFunction.COALESCE_MS);
        feed(events(change("died", 7, "inserter", "inserter", 0.5, 0.5, 0)));
        assertThat(keyedEntries()).isEqualTo(1); // render-at only
        tick(EntityStateFunction.COALESCE_MS);

        assertThat(lastTile("s1/1/3/0/0").deleted()).isTrue();
        assertThat(chunkEntities()).last().satisfies(r -> assertThat(r.update()).isNull());
        assertThat(keyedEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void shouldReplaceARotatedEntityAndDropItsStaleForeignFootprint() throws Exception {
        // boiler 3×2: facing north at x=31 it spans 29.5..32.5 (two chunks), facing east 30..32 (one)
        feed(events(change("built", 5, "boiler", "boiler", 31, 5, 0)));
        tick(EntityStateFunction.COALESCE_MS);
        assertThat(px(lastTile("s1/1/3/1/0"), 2, 40)).isNotZero();

        feed(events(change("rotated", 5, "boiler", "boiler", 31, 5, 4)));
        tick(EntityStateFunction.COALESCE_MS);

        assertThat(lastTile("s1/1/3/1/0").deleted()).isTrue();
        assertThat(lastTile("s1/1/3/0/0").deleted()).isFalse();
        assertThat(chunkEntities()).last().satisfies(r -> assertThat(r.update().entities())
                .singleElement().satisfies(e -> assertThat(e.direction()).isEqualTo(4)));
    }

    @Test
    void shouldMoveATeleportedEntityAcrossChunks() throws Exception {
        feed(events(change("built", 103, "car", "car", 30, 2, 0)));
        tick(EntityStateFunction.COALESCE_MS);
        feed(events(teleport(103, "car", "car", 40, 2, 30, 2)));
        tick(EntityStateFunction.COALESCE_MS);

        assertThat(lastTile("s1/1/3/0/0").deleted()).isTrue();
        assertThat(px(lastTile("s1/1/3/1/0"), (40 - 32) * 8, 2 * 8)).isNotZero();
        assertThat(chunkEntities()).filteredOn(r -> r.cx() == 1).last()
                .satisfies(r -> assertThat(r.update().entities()[0].x()).isEqualTo(40.0));
        assertThat(keyedEntries()).isEqualTo(1); // only chunk (1, 0) keeps state
    }

    @Test
    void shouldListABorderCrossingEntityOnceButDrawItOnBothChunks() throws Exception {
        feed(events(change("built", 9, "assembling-machine-2", "assembling-machine", 31.5, 10.5, 0)));
        tick(EntityStateFunction.COALESCE_MS);

        assertThat(px(lastTile("s1/1/3/0/0"), 250, 84)).isEqualTo(ASSEMBLER);
        assertThat(px(lastTile("s1/1/3/1/0"), 3, 84)).isEqualTo(ASSEMBLER);
        assertThat(chunkEntities()).filteredOn(r -> r.update() != null).singleElement()
                .satisfies(r -> assertThat(r.cx()).isZero());
    }

    @Test
    void shouldReplaceTheChunksOwnEntitiesWithASnapshotAndKeepForeignOnes() throws Exception {
        feed(events(
                change("built", 1, "inserter", "inserter", 0.5, 0.5, 0),
                change("built", 2, "inserter", "inserter", 1.5, 0.5, 0),
                change("built", 3, "assembling-machine-2", "assembling-machine", 32.5, 10.5, 0))); // foreign in (0,0)
        tick(EntityStateFunction.COALESCE_MS);

        List<EntityEvent> snapshot = new ArrayList<>();
        EntityEvents.snapshot("s1", new ChunkEntities(1, 0, 0, "d", new EntityState[] {
            new EntityState(4, "inserter", "inserter", 5.5, 5.5, 0, "player", "normal")}), PROTOS, collector(snapshot));
        assertThat(snapshot).hasSize(9);
        feed(snapshot);
        tick(EntityStateFunction.COALESCE_MS);

        TileImage t = lastTile("s1/1/3/0/0");
        assertThat(px(t, 4, 4) >>> 24).isZero();
        assertThat(px(t, 44, 44) >>> 24).isEqualTo(255);
        assertThat(px(t, 252, 84)).isEqualTo(ASSEMBLER); // the neighbour's footprint stays
        assertThat(chunkEntities()).filteredOn(r -> r.cx() == 0).last()
                .satisfies(r -> assertThat(r.update().entities()).extracting(EntityState::unit).containsExactly(4L));
    }

    @Test
    void shouldClearAChunkOnDeletionAndEverythingOnSurfaceDeletion() throws Exception {
        feed(events(
                change("built", 1, "inserter", "inserter", 0.5, 0.5, 0),
                change("built", 2, "inserter", "inserter", 100.5, 0.5, 0)));
        List<EntityEvent> deleted = new ArrayList<>();
        deleted.add(EntityEvent.clear("s1", 1, 0, 0));
        feed(deleted);
        assertThat(lastTile("s1/1/3/0/0").deleted()).isTrue();
        assertThat(chunkEntities()).singleElement().satisfies(r -> assertThat(r.update()).isNull());

        tick(EntityStateFunction.COALESCE_MS);
        assertThat(lastTile("s1/1/3/3/0").deleted()).isFalse();
        harness.processBroadcastElement(new DecodedPacket("s1", "1.1", 9, 0, 0, "surface", null, null, null, "p/0/1",
                new SurfaceInfo(1, "nauvis", "planet", "nauvis", "deleted"), null, null, null, null, null), 0);

        assertThat(lastTile("s1/1/3/3/0").deleted()).isTrue();
        assertThat(keyedEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void shouldReRenderWhenTheServersEntityColoursChange() throws Exception {
        feed(events(change("built", 1, "assembling-machine-2", "assembling-machine", 4.5, 4.5, 0)));
        tick(EntityStateFunction.COALESCE_MS);
        EntityPrototype[] recoloured = {new EntityPrototype("assembling-machine-2", "assembling-machine", 3, 3, "", "#102030", "")};
        harness.processBroadcastElement(new DecodedPacket("s1", "1.1", 9, 0, 0, "prototypes", null, null, null, "p/0/1",
                null, new dev.kafkatorio.protocol.Prototypes(new String[0], new String[0], new String[0], new String[0],
                        recoloured), null, null, null, null), 0);

        assertThat(tiles()).hasSize(2);
        assertThat(px(lastTile("s1/1/3/0/0"), 30, 30)).isEqualTo(0xFF102030);
        assertThat(px(lastTile("s1/1/3/0/0"), 24, 30)).isEqualTo(EntityRenderer.darker(0xFF102030));
    }
}
