package dev.kafkatorio.flink.tiles;

import dev.kafkatorio.flink.packets.DecodedPacket;
import dev.kafkatorio.protocol.Prototypes;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The broadcast side of the chunk operators: {@code prototypes} packets (a server's map colours) and
 * {@code surface} packets that delete or clear a whole surface.
 */
public final class MapControl {

    /** Broadcast state: the latest {@code prototypes} body per server id. */
    public static final MapStateDescriptor<String, Prototypes> COLOURS =
            new MapStateDescriptor<>("server-colours", Types.STRING, TypeInformation.of(Prototypes.class));

    private MapControl() {}

    /** Whether a surface packet removes all of the surface's chunks. */
    public static boolean clearsSurface(DecodedPacket p) {
        return p.surface() != null && ("deleted".equals(p.surface().event()) || "cleared".equals(p.surface().event()));
    }

    /** Passes the packets the chunk operators receive by broadcast. */
    public static final class IsMapControl implements FilterFunction<DecodedPacket> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(DecodedPacket p) {
            return p.prototypes() != null || clearsSurface(p);
        }
    }
}
