package dev.kafkatorio.flink.entities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.flink.packets.DecodedPacket;
import dev.kafkatorio.flink.tags.TagFunction;
import dev.kafkatorio.flink.tags.TagRecord;
import dev.kafkatorio.protocol.ChangeRecord;
import dev.kafkatorio.protocol.Entities;
import dev.kafkatorio.protocol.EntityChange;
import dev.kafkatorio.protocol.MapTag;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** The change log (stateless) and the map-tag operator. */
class TagsAndChangesTest {

    private static DecodedPacket packet(long seq, Entities entities, MapTag tag) {
        return new DecodedPacket("s1", "1.1", seq, 500, 1234, entities != null ? "entities" : "tag", null, null, null,
                "p/0/" + seq, null, null, null, null, null, null, entities, null, tag);
    }

    @Test
    void shouldWriteOneChangeRecordPerLifecycleEvent() {
        EntityChange built = EntityStateFunctionTest.change("built", 101, "transport-belt", "transport-belt", -10.5, 3.5, 4);
        EntityChange mined = new EntityChange("mined", 102, "assembling-machine-2", "assembling-machine", 40.5, -7.5, 0,
                "player", "", 2, "robot", 0, 0, "");
        List<ChangeRecord> out = new ArrayList<>();
        new ChangeLog().flatMap(packet(10, new Entities(1, new EntityChange[] {built, mined}), null), new Collector<>() {
            @Override
            public void collect(ChangeRecord r) {
                out.add(r);
            }

            @Override
            public void close() {}
        });

        assertThat(out).containsExactly(
                new ChangeRecord(1, "s1", "1.1", 10, 0, 500, "built", 1, -1, 0, -10.5, 3.5, "transport-belt",
                        "transport-belt", 101, "player", "normal", 1, "player", 1234),
                new ChangeRecord(1, "s1", "1.1", 10, 1, 500, "mined", 1, 1, -1, 40.5, -7.5, "assembling-machine-2",
                        "assembling-machine", 102, "player", "", 2, "robot", 1234));
    }

    @Test
    void shouldEmitTagsDropResendsAndTombstoneRemovalsWithStateCleared() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, DecodedPacket, TagRecord> h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(new TagFunction(), new TagFunction.ByTag(), Types.STRING)) {
            MapTag added = new MapTag("added", 7, 1, 10, -4, "<b>Iron</b>", "item/iron-ore", "player", 1);
            h.processElement(packet(1, null, added), 0);
            h.processElement(packet(2, null, added), 0); // re-sent: nothing new
            h.processElement(packet(3, null, new MapTag("modified", 7, 1, 10, -4, "Iron", "item/iron-ore", "player", 2)), 0);
            h.processElement(packet(4, null, new MapTag("removed", 7, 1, 10, -4, "", "", "player", 2)), 0);

            assertThat(h.extractOutputValues()).extracting(r -> r.update() == null ? null : r.update().text())
                    .containsExactly("<b>Iron</b>", "Iron", null);
            assertThat(h.extractOutputValues()).allSatisfy(r -> assertThat(r.id()).isEqualTo(7));
            var backend = ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
            assertThat(((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries())
                    .isZero();
        }
    }
}
