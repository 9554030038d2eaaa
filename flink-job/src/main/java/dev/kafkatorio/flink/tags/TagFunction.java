package dev.kafkatorio.flink.tags;

import dev.kafkatorio.flink.packets.DecodedPacket;
import dev.kafkatorio.protocol.Keys;
import dev.kafkatorio.protocol.MapTag;
import dev.kafkatorio.protocol.TagUpdate;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Map tags: keyed by {@link Keys#tag} ({@code <server>/<surface>/<id>}); {@code added}/{@code
 * modified} emit the tag as it stands (unless identical to the last emission, e.g. a re-send),
 * {@code removed} emits a tombstone and clears the state. State {@code tag}: the last {@link
 * TagUpdate} (without tick), cleared on removal; backstop TTL {@link #STATE_TTL} (refreshed on
 * write) for tags whose removal never arrives (e.g. a deleted surface).
 */
public final class TagFunction extends KeyedProcessFunction<String, DecodedPacket, TagRecord> {

    private static final long serialVersionUID = 1L;

    /** Backstop lifetime of a tag's state without writes. */
    public static final Duration STATE_TTL = Duration.ofDays(30);

    static ValueStateDescriptor<TagUpdate> tagDescriptor() {
        ValueStateDescriptor<TagUpdate> d = new ValueStateDescriptor<>("tag", TypeInformation.of(TagUpdate.class));
        d.enableTimeToLive(StateTtlConfig.newBuilder(STATE_TTL)
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .build());
        return d;
    }

    private transient ValueState<TagUpdate> last;

    @Override
    public void open(OpenContext openContext) {
        last = getRuntimeContext().getState(tagDescriptor());
    }

    @Override
    public void processElement(DecodedPacket p, Context ctx, Collector<TagRecord> out) throws Exception {
        MapTag t = p.tag();
        if (t == null) {
            return;
        }
        if ("removed".equals(t.event())) {
            last.clear();
            out.collect(new TagRecord(p.server(), t.surface(), t.id(), null));
            return;
        }
        TagUpdate update = new TagUpdate(1, p.server(), t.surface(), t.id(), t.x(), t.y(), t.text(), t.icon(), t.force(),
                t.player(), p.tick());
        TagUpdate previous = last.value();
        if (previous != null && Objects.equals(previous, withTick(update, previous.tick()))) {
            return;
        }
        last.update(update);
        out.collect(new TagRecord(p.server(), t.surface(), t.id(), update));
    }

    private static TagUpdate withTick(TagUpdate u, long tick) {
        return new TagUpdate(u.v(), u.server(), u.surface(), u.id(), u.x(), u.y(), u.text(), u.icon(), u.force(),
                u.player(), tick);
    }

    /** Keys tag packets by {@link Keys#tag}. */
    public static final class ByTag implements KeySelector<DecodedPacket, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(DecodedPacket p) {
            return Keys.tag(p.server(), p.tag().surface(), p.tag().id());
        }
    }
}
