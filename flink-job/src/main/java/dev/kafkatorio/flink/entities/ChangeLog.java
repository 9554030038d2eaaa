package dev.kafkatorio.flink.entities;

import dev.kafkatorio.flink.map.EntityFootprints;
import dev.kafkatorio.flink.packets.DecodedPacket;
import dev.kafkatorio.protocol.ChangeRecord;
import dev.kafkatorio.protocol.EntityChange;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * The change log: one {@link ChangeRecord} per entity lifecycle event of a de-duplicated {@code
 * entities} packet ({@code index} = position in the packet, so {@code (session, seq, index)} is
 * unique); snapshots produce nothing. Stateless.
 */
public final class ChangeLog implements FlatMapFunction<DecodedPacket, ChangeRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(DecodedPacket p, Collector<ChangeRecord> out) {
        if (p.entities() == null) {
            return;
        }
        EntityChange[] changes = p.entities().changes();
        for (int i = 0; i < changes.length; i++) {
            EntityChange c = changes[i];
            out.collect(new ChangeRecord(1, p.server(), p.session(), p.seq(), i, p.tick(), c.event(),
                    p.entities().surface(), EntityFootprints.chunkOf(c.x()), EntityFootprints.chunkOf(c.y()), c.x(), c.y(),
                    c.name(), c.type(), c.unit(), c.force(), c.quality(), c.player(), c.cause(), p.receivedAt()));
        }
    }
}
