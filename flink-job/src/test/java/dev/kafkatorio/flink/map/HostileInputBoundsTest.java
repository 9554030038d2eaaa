package dev.kafkatorio.flink.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkatorio.flink.entities.EntityEvent;
import dev.kafkatorio.flink.entities.EntityEvents;
import dev.kafkatorio.protocol.ChunkEntities;
import dev.kafkatorio.protocol.ChunkTerrain;
import dev.kafkatorio.protocol.EntityChange;
import dev.kafkatorio.protocol.EntityPrototype;
import dev.kafkatorio.protocol.EntityState;
import dev.kafkatorio.protocol.PacketCodec;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Deflater;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The map operators' domain code fed what the protocol codec would reject (values built directly, as
 * a bug or a future field could): nothing loops over an input-controlled range, nothing grows without
 * a bound.
 */
class HostileInputBoundsTest {

    private static final int MAX = PacketCodec.MAX_CHUNK_COORD;

    private static List<EntityEvent> changes(EntityChange c, Map<String, EntityPrototype> protos) {
        List<EntityEvent> out = new ArrayList<>();
        EntityEvents.changes("s1", 1, c, protos, collector(out));
        return out;
    }

    private static Collector<EntityEvent> collector(List<EntityEvent> out) {
        return new Collector<>() {
            @Override
            public void collect(EntityEvent e) {
                out.add(e);
            }

            @Override
            public void close() {}
        };
    }

    private static EntityChange built(double x, double y, String name) {
        return new EntityChange("built", 1, name, "t", x, y, 0, "player", "", 0, "player", 0, 0, "");
    }

    // ---- footprints ----

    @Test
    @Timeout(5)
    void shouldNotLoopOnAnEntityAtChunkTwoToTheThirtyOneMinusOne() {
        // x = 68719476720 is chunk 2^31 - 1: `cx <= cx1` never became false and the list grew until the heap was gone
        assertThat(EntityFootprints.chunks(68719476720.0, 0, 1, 1)).isEmpty();
        assertThat(EntityFootprints.chunks(68719476720.0 + 31, 0, 32, 32)).isEmpty();
        assertThat(changes(built(68719476720.0, 0, "a"), Map.of())).isEmpty();
    }

    @Test
    @Timeout(5)
    void shouldOverlapNoChunkFromPositionsThatAreNotOnTheMap() {
        for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, -1e300,
                Long.MAX_VALUE, Integer.MIN_VALUE * 32.0, 1_000_033}) {
            assertThat(EntityFootprints.chunks(v, 0, 3, 3)).as("x = %s", v).isEmpty();
            assertThat(EntityFootprints.chunks(0, v, 3, 3)).as("y = %s", v).isEmpty();
        }
    }

    @Test
    void shouldOverlapAtMostFourChunksWhateverTheSize() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            double x = (random.nextDouble() * 2 - 1) * PacketCodec.MAX_COORD;
            double y = (random.nextDouble() * 2 - 1) * PacketCodec.MAX_COORD;
            int w = random.nextInt() ;
            int h = random.nextInt(4) == 0 ? Integer.MAX_VALUE : random.nextInt(2000);
            List<int[]> chunks = EntityFootprints.chunks(x, y, w, h);
            assertThat(chunks).hasSizeBetween(1, 4);
            assertThat(chunks).allSatisfy(c -> assertThat(EntityFootprints.onMap(c[0], c[1])).isTrue());
        }
    }

    @Test
    void shouldKeepFootprintsAtTheMapEdgeOnTheMap() {
        // centred on the last tile of the map: the half reaching past it is cut off
        assertThat(EntityFootprints.chunks(1_000_000, 1_000_000, 32, 32)).extracting(c -> c[0] + "," + c[1])
                .containsExactly((MAX - 1) + "," + (MAX - 1), MAX + "," + (MAX - 1), (MAX - 1) + "," + MAX, MAX + "," + MAX);
        assertThat(EntityFootprints.chunks(-1_000_000, -1_000_000, 32, 32)).extracting(c -> c[0] + "," + c[1])
                .containsExactly(-MAX + "," + -MAX);
    }

    @Test
    @Timeout(5)
    void shouldBoundTheEventsOfHugePrototypes() {
        // prototypes say how large an entity is: 1024 × 1024 tiles (the codec's limit) is cut to one chunk
        Map<String, EntityPrototype> protos = Map.of("huge", new EntityPrototype("huge", "t", 1024, 1024, "", "", ""),
                "wide", new EntityPrototype("wide", "t", Integer.MAX_VALUE, 1, "", "", ""));
        for (String event : EntityChange.EVENTS) {
            EntityChange c = new EntityChange(event, 1, "huge", "t", 15.5, 15.5, 4, "player", "", 0, "player",
                    "teleported".equals(event) ? 1_000_000 : 0, 0, "upgraded".equals(event) ? "wide" : "");
            assertThat(changes(c, protos)).as(event).hasSizeLessThanOrEqualTo(8);
        }
    }

    @Test
    void shouldAddressNoChunkBeyondTheMapFromASnapshotAtTheEdge() {
        List<EntityEvent> out = new ArrayList<>();
        EntityEvents.snapshot("s1", new ChunkEntities(1, MAX, -MAX, "d", new EntityState[] {
            new EntityState(1, "a", "t", 1_000_000, -1_000_000, 0, "player", "")}), Map.of(), collector(out));
        assertThat(out).hasSize(4); // itself and the 3 neighbours on the map
        assertThat(out).allSatisfy(e -> assertThat(EntityFootprints.onMap(e.cx(), e.cy())).isTrue());
    }

    // ---- the per-chunk entity state ----

    @Test
    void shouldCapTheFootprintsOfOneChunk() {
        ChunkEntitySet set = new ChunkEntitySet();
        for (int i = 1; i <= ChunkEntitySet.MAX_SIZE; i++) {
            set.put(ChunkEntity.of(i, "belt", "transport-belt", 0.5, 0.5, 0, "player", "", 1, 1));
        }
        ChunkEntity oneMore = ChunkEntity.of(ChunkEntitySet.MAX_SIZE + 1, "belt", "transport-belt", 0.5, 0.5, 0, "player", "", 1, 1);
        assertThatThrownBy(() -> set.put(oneMore)).isInstanceOf(IllegalStateException.class);
        assertThat(set.size()).isEqualTo(ChunkEntitySet.MAX_SIZE);
        // replacing an existing one is still fine
        assertThat(set.put(ChunkEntity.of(1, "belt", "transport-belt", 1.5, 0.5, 0, "player", "", 1, 1))).isTrue();

        List<ChunkEntity> snapshot = new ArrayList<>();
        for (int i = 0; i <= ChunkEntitySet.MAX_SIZE; i++) {
            snapshot.add(ChunkEntity.of(100_000 + i, "belt", "transport-belt", 40.5, 0.5, 0, "player", "", 1, 1));
        }
        ChunkEntitySet before = EntityCodec.decode(EntityCodec.encode(set, 0, 0), 0, 0);
        assertThatThrownBy(() -> set.replaceOwnedBy(1, 0, snapshot)).isInstanceOf(IllegalStateException.class);
        assertThat(set).isEqualTo(before); // unchanged
    }

    // ---- terrain and chart ----

    @Test
    @Timeout(5)
    void shouldNotOverflowOnRunLengthsTheCodecWouldReject() {
        ChunkTerrain terrain = new ChunkTerrain(1, 0, 0, "h", new String[] {"a"},
                new int[] {0, 1000, 0, Integer.MAX_VALUE, 0, Integer.MAX_VALUE}, new String[0], new long[0]);
        assertThat(ChunkTiles.of(terrain).tile(31, 31)).isEqualTo("a");
        ChunkTerrain negative = new ChunkTerrain(1, 0, 0, "h", new String[] {"a"},
                new int[] {0, -5, 0, 1024}, new String[0], new long[0]);
        assertThat(ChunkTiles.of(negative).tile(0, 0)).isEqualTo("a");
    }

    @Test
    @Timeout(10)
    void shouldStopAChartZipBombAtTheChartSize() {
        Deflater deflater = new Deflater(9);
        deflater.setInput(new byte[4 << 20]); // 4 MiB of zeros: ~4 KB compressed
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        String bomb = Base64.getEncoder().encodeToString(out.toByteArray());
        assertThat(bomb.length()).isLessThan(GameChartDecoder.MAX_ENCODED_CHARS);
        assertThatThrownBy(() -> GameChartDecoder.inflate(bomb)).hasMessageContaining("more than 2048");
        String tooLong = "A".repeat(GameChartDecoder.MAX_ENCODED_CHARS + 1);
        assertThatThrownBy(() -> GameChartDecoder.inflate(tooLong)).hasMessageContaining("longer than");
    }
}
