package dev.kafkatorio.protocol;

import static dev.kafkatorio.protocol.PacketCodec.MAX_CHART_CHARS;
import static dev.kafkatorio.protocol.PacketCodec.MAX_CHUNK_COORD;
import static dev.kafkatorio.protocol.PacketCodec.MAX_CHUNK_ENTITIES;
import static dev.kafkatorio.protocol.PacketCodec.MAX_COORD;
import static dev.kafkatorio.protocol.PacketCodec.MAX_DELETED_CHUNKS;
import static dev.kafkatorio.protocol.PacketCodec.MAX_DIRECTION;
import static dev.kafkatorio.protocol.PacketCodec.MAX_ENTITY_CHANGES;
import static dev.kafkatorio.protocol.PacketCodec.MAX_NAME_CHARS;
import static dev.kafkatorio.protocol.PacketCodec.MAX_ORE_AMOUNT;
import static dev.kafkatorio.protocol.PacketCodec.MAX_PALETTE;
import static dev.kafkatorio.protocol.PacketCodec.MAX_PROTOTYPES;
import static dev.kafkatorio.protocol.PacketCodec.MAX_PROTOTYPE_SIZE;
import static dev.kafkatorio.protocol.PacketCodec.MAX_SAFE_INTEGER;
import static dev.kafkatorio.protocol.PacketCodec.MAX_TEXT_CHARS;
import static dev.kafkatorio.protocol.PacketCodec.MAX_TILE_CHANGES;
import static org.assertj.core.api.Assertions.assertThat;

/** What every packet {@link PacketCodec#decode} accepts satisfies: the documented bounds. */
final class PacketInvariants {

    private PacketInvariants() {}

    static void check(Packet p) {
        assertThat(p.version()).isEqualTo(PacketCodec.VERSION);
        assertThat(p.tick()).isBetween(0L, MAX_SAFE_INTEGER);
        assertThat(p.seq()).isBetween(0L, MAX_SAFE_INTEGER);
        assertThat(p.type()).isNotNull();
        Payload payload = p.payload();
        if (payload instanceof SessionStart s) {
            name(s.modVersion());
            name(s.gameVersion());
            name(s.reason());
        } else if (payload instanceof Heartbeat h) {
            assertThat(h.online()).isNotNegative();
        } else if (payload instanceof PlayerState pl) {
            assertThat(pl.index()).isPositive();
            assertThat(pl.surface()).isPositive();
            text(pl.name());
            coord(pl.x());
            coord(pl.y());
            assertThat(pl.color()).matches("#[0-9a-f]{6}");
            assertThat(PlayerState.EVENTS).contains(pl.event());
        } else if (payload instanceof SurfaceInfo si) {
            assertThat(si.index()).isPositive();
            text(si.name());
            name(si.planet());
            assertThat(SurfaceInfo.KINDS).contains(si.kind());
            assertThat(SurfaceInfo.EVENTS).contains(si.event());
        } else if (payload instanceof Prototypes pr) {
            assertThat(pr.tileNames()).hasSameSizeAs(pr.tileColors()).hasSizeLessThanOrEqualTo(MAX_PROTOTYPES);
            assertThat(pr.resourceNames()).hasSameSizeAs(pr.resourceColors()).hasSizeLessThanOrEqualTo(MAX_PROTOTYPES);
            assertThat(pr.entities()).hasSizeLessThanOrEqualTo(MAX_PROTOTYPES);
            names(pr.tileNames());
            names(pr.resourceNames());
            for (EntityPrototype e : pr.entities()) {
                name(e.name());
                name(e.type());
                assertThat(e.width()).isBetween(0, MAX_PROTOTYPE_SIZE);
                assertThat(e.height()).isBetween(0, MAX_PROTOTYPE_SIZE);
            }
        } else if (payload instanceof ChunkTerrain c) {
            assertThat(c.surface()).isPositive();
            chunk(c.cx());
            chunk(c.cy());
            name(c.hash());
            assertThat(c.palette()).hasSizeBetween(1, MAX_PALETTE);
            names(c.palette());
            assertThat(c.runs().length).isEven().isLessThanOrEqualTo(2 * 1024);
            int total = 0;
            for (int i = 0; i < c.runs().length; i += 2) {
                assertThat(c.runs()[i]).isBetween(0, c.palette().length - 1);
                assertThat(c.runs()[i + 1]).isBetween(1, 1024);
                total += c.runs()[i + 1];
            }
            assertThat(total).isEqualTo(1024);
            assertThat(c.orePalette()).hasSizeLessThanOrEqualTo(MAX_PALETTE);
            names(c.orePalette());
            assertThat(c.ores().length % 4).isZero();
            assertThat(c.ores().length).isLessThanOrEqualTo(4 * 1024);
            for (int i = 0; i < c.ores().length; i += 4) {
                assertThat(c.ores()[i]).isBetween(0L, c.orePalette().length - 1L);
                assertThat(c.ores()[i + 1]).isBetween(0L, 31L);
                assertThat(c.ores()[i + 2]).isBetween(0L, 31L);
                assertThat(c.ores()[i + 3]).isBetween(0L, MAX_ORE_AMOUNT);
            }
        } else if (payload instanceof GameChart g) {
            assertThat(g.surface()).isPositive();
            chunk(g.cx());
            chunk(g.cy());
            assertThat(g.data().length()).isLessThanOrEqualTo(MAX_CHART_CHARS);
        } else if (payload instanceof TileChanges t) {
            assertThat(t.surface()).isPositive();
            assertThat(t.palette()).hasSizeBetween(1, MAX_PALETTE);
            names(t.palette());
            assertThat(t.tiles().length % 3).isZero();
            assertThat(t.tiles().length).isLessThanOrEqualTo(3 * MAX_TILE_CHANGES);
            for (int i = 0; i < t.tiles().length; i += 3) {
                assertThat(t.tiles()[i]).isBetween(-MAX_COORD, MAX_COORD);
                assertThat(t.tiles()[i + 1]).isBetween(-MAX_COORD, MAX_COORD);
                assertThat(t.tiles()[i + 2]).isBetween(0, t.palette().length - 1);
            }
        } else if (payload instanceof ChunksDeleted d) {
            assertThat(d.surface()).isPositive();
            assertThat(d.chunks().length).isEven().isLessThanOrEqualTo(2 * MAX_DELETED_CHUNKS);
            for (int v : d.chunks()) {
                chunk(v);
            }
        } else if (payload instanceof Entities en) {
            assertThat(en.surface()).isPositive();
            assertThat(en.changes()).hasSizeBetween(1, MAX_ENTITY_CHANGES);
            for (EntityChange c : en.changes()) {
                assertThat(EntityChange.EVENTS).contains(c.event());
                assertThat(EntityChange.CAUSES).contains(c.cause());
                assertThat(c.unit()).isBetween(0L, MAX_SAFE_INTEGER);
                coord(c.x());
                coord(c.y());
                coord(c.fromX());
                coord(c.fromY());
                assertThat(c.direction()).isBetween(0, MAX_DIRECTION);
                assertThat(c.player()).isNotNegative();
                name(c.name());
                name(c.type());
                name(c.force());
                name(c.quality());
                name(c.previousName());
            }
        } else if (payload instanceof ChunkEntities ce) {
            assertThat(ce.surface()).isPositive();
            chunk(ce.cx());
            chunk(ce.cy());
            name(ce.digest());
            assertThat(ce.entities()).hasSizeLessThanOrEqualTo(MAX_CHUNK_ENTITIES);
            for (EntityState e : ce.entities()) {
                assertThat(e.unit()).isBetween(0L, MAX_SAFE_INTEGER);
                coord(e.x());
                coord(e.y());
                assertThat(e.direction()).isBetween(0, MAX_DIRECTION);
                name(e.name());
                name(e.type());
                name(e.force());
                name(e.quality());
            }
        } else if (payload instanceof MapTag t) {
            assertThat(MapTag.EVENTS).contains(t.event());
            assertThat(t.id()).isBetween(0L, MAX_SAFE_INTEGER);
            assertThat(t.surface()).isPositive();
            coord(t.x());
            coord(t.y());
            text(t.text());
            name(t.icon());
            name(t.force());
            assertThat(t.player()).isNotNegative();
        } else {
            throw new AssertionError("unknown payload " + payload);
        }
    }

    private static void coord(double v) {
        assertThat(Double.isFinite(v)).as("finite: %s", v).isTrue();
        assertThat(Math.abs(v)).isLessThanOrEqualTo(MAX_COORD);
    }

    private static void chunk(int v) {
        assertThat(v).isBetween(-MAX_CHUNK_COORD, MAX_CHUNK_COORD);
    }

    private static void name(String s) {
        assertThat(s).isNotNull();
        assertThat(s.length()).isLessThanOrEqualTo(MAX_NAME_CHARS);
    }

    private static void names(String[] names) {
        for (String n : names) {
            name(n);
        }
    }

    private static void text(String s) {
        assertThat(s).isNotNull();
        assertThat(s.length()).isLessThanOrEqualTo(MAX_TEXT_CHARS);
    }
}
