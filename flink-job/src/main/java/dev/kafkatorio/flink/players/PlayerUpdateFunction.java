package dev.kafkatorio.flink.players;

import dev.kafkatorio.flink.packets.DecodedPacket;
import dev.kafkatorio.protocol.PlayerUpdate;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns player packets into {@link PlayerUpdate}s, keyed by {@code <server>/<index>}. Keeps the last
 * update per player (for later analytics and merging).
 *
 * <p>State ends when the player is {@code removed} from the save (cleared at once) or, as a
 * backstop for servers that disappear, after {@link #STATE_TTL} without an update (processing time).
 */
public final class PlayerUpdateFunction extends KeyedProcessFunction<String, DecodedPacket, PlayerUpdate> {

    private static final long serialVersionUID = 1L;

    /** The player event after which the player's state is dropped. */
    public static final String REMOVED = "removed";

    /** How long the last update of a player without news is kept. */
    public static final Duration STATE_TTL = Duration.ofDays(30);

    static ValueStateDescriptor<PlayerUpdate> lastUpdateDescriptor() {
        ValueStateDescriptor<PlayerUpdate> descriptor = new ValueStateDescriptor<>("last-update", PlayerUpdate.class);
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(STATE_TTL)
                        .useProcessingTime()
                        .updateTtlOnCreateAndWrite()
                        .neverReturnExpired()
                        .build());
        return descriptor;
    }

    private transient ValueState<PlayerUpdate> lastUpdate;

    @Override
    public void open(OpenContext openContext) {
        lastUpdate = getRuntimeContext().getState(lastUpdateDescriptor());
    }

    @Override
    public void processElement(DecodedPacket packet, Context ctx, Collector<PlayerUpdate> out) throws Exception {
        if (packet.player() == null) {
            return; // only player packets are routed here; anything else is a wiring bug, not input
        }
        PlayerUpdate update =
                PlayerUpdate.of(
                        packet.server(), packet.session(), packet.seq(), packet.tick(), packet.player(),
                        packet.receivedAt());
        if (REMOVED.equals(update.event())) {
            lastUpdate.clear();
        } else {
            lastUpdate.update(update);
        }
        out.collect(update);
    }
}
