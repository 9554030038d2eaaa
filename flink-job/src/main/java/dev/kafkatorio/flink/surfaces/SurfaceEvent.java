package dev.kafkatorio.flink.surfaces;

import dev.kafkatorio.protocol.SurfaceInfo;

/**
 * Input of {@link SurfaceFunction}: a {@code surface} packet's body, or a change in the number of
 * charted chunks reported by the chunk state ({@code +1} new chunk at {@code cx, cy}, {@code -1}
 * chunk gone).
 *
 * @param server server id
 * @param surface surface index
 * @param info the surface packet's body, or {@code null} for a chunk count change
 * @param chunkDelta +1, -1, or 0 with {@code info}
 * @param cx chunk x of a +1
 * @param cy chunk y of a +1
 */
public record SurfaceEvent(String server, int surface, SurfaceInfo info, int chunkDelta, int cx, int cy) {

    public static SurfaceEvent of(String server, SurfaceInfo info) {
        return new SurfaceEvent(server, info.index(), info, 0, 0, 0);
    }

    public static SurfaceEvent chunkAdded(String server, int surface, int cx, int cy) {
        return new SurfaceEvent(server, surface, null, 1, cx, cy);
    }

    public static SurfaceEvent chunkRemoved(String server, int surface, int cx, int cy) {
        return new SurfaceEvent(server, surface, null, -1, cx, cy);
    }
}
