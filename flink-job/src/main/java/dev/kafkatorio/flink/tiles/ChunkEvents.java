package dev.kafkatorio.flink.tiles;

import dev.kafkatorio.flink.map.ChunkTiles;
import dev.kafkatorio.flink.packets.DecodedPacket;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Splits map packets into per-chunk {@link ChunkEvent}s: a {@code chunk} or {@code chart} packet is
 * one event, a {@code tiles} packet one per chunk it touches, {@code chunks-deleted} one per chunk.
 * Other packets produce nothing. Stateless.
 */
public final class ChunkEvents implements FlatMapFunction<DecodedPacket, ChunkEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(DecodedPacket p, Collector<ChunkEvent> out) {
        String server = p.server();
        if (p.chunk() != null) {
            out.collect(new ChunkEvent(server, p.chunk().surface(), p.chunk().cx(), p.chunk().cy(), p.chunk(), null, null, false));
        } else if (p.chart() != null) {
            out.collect(new ChunkEvent(server, p.chart().surface(), p.chart().cx(), p.chart().cy(), null, null, p.chart(), false));
        } else if (p.tiles() != null) {
            for (ChunkTiles.ChunkPart part : ChunkTiles.splitByChunk(p.tiles())) {
                out.collect(new ChunkEvent(server, p.tiles().surface(), part.cx(), part.cy(), null, part.changes(), null, false));
            }
        } else if (p.chunksDeleted() != null) {
            int[] chunks = p.chunksDeleted().chunks();
            for (int i = 0; i + 1 < chunks.length; i += 2) {
                out.collect(new ChunkEvent(server, p.chunksDeleted().surface(), chunks[i], chunks[i + 1], null, null, null, true));
            }
        }
    }
}
