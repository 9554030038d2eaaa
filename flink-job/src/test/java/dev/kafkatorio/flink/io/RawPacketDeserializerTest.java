package dev.kafkatorio.flink.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.protocol.KafkaHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RawPacketDeserializerTest {

    private static ConsumerRecord<byte[], byte[]> record(byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>(
                "t", 3, 17L, 777L, TimestampType.CREATE_TIME, 0, value == null ? 0 : value.length,
                "s1".getBytes(StandardCharsets.UTF_8), value, headers, Optional.empty());
    }

    private static RawPacket read(ConsumerRecord<byte[], byte[]> record) {
        List<RawPacket> out = new ArrayList<>();
        new RawPacketDeserializer().deserialize(record, new Collector<>() {
            @Override
            public void collect(RawPacket r) {
                out.add(r);
            }

            @Override
            public void close() {}
        });
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static RecordHeaders headers(String server, String session, String receivedAt) {
        RecordHeaders h = new RecordHeaders();
        if (server != null) h.add(KafkaHeaders.SERVER, server.getBytes(StandardCharsets.UTF_8));
        if (session != null) h.add(KafkaHeaders.SESSION, session.getBytes(StandardCharsets.UTF_8));
        if (receivedAt != null) h.add(KafkaHeaders.RECEIVED_AT, receivedAt.getBytes(StandardCharsets.UTF_8));
        return h;
    }

    @Test
    void shouldReadHeadersValueAndCoordinates() {
        RawPacket raw = read(record("{}".getBytes(StandardCharsets.UTF_8), headers("s1", "1.1", "1234")));
        assertThat(raw).isEqualTo(new RawPacket("s1", "1.1", 1234L, "{}", null, "t/3/17"));
    }

    @Test
    void shouldNeverThrowOnMissingHeadersBadTimesNullsOrBadUtf8() {
        RawPacket noHeaders = read(record(null, new RecordHeaders()));
        assertThat(noHeaders).isEqualTo(new RawPacket(null, null, 777L, "", null, "t/3/17"));

        RawPacket badTime = read(record("{}".getBytes(StandardCharsets.UTF_8), headers("s1", "1.1", "yesterday")));
        assertThat(badTime.receivedAt()).isEqualTo(777L);

        RawPacket badUtf8 = read(record(new byte[] {'{', (byte) 0xC3, '}'}, headers("s1", "1.1", "1")));
        assertThat(badUtf8.framingError()).isEqualTo("payload is not valid UTF-8");
        assertThat(badUtf8.payload()).isEqualTo("{\uFFFD}");
    }

    @Test
    void shouldCarryKafkaPipesFramingError() {
        RecordHeaders h = headers("s1", "1.1", "1");
        h.add(KafkaHeaders.FRAMING_ERROR, "part 2 of 3 missing".getBytes(StandardCharsets.UTF_8));
        assertThat(read(record("KFKTR+".getBytes(StandardCharsets.UTF_8), h)).framingError())
                .isEqualTo("part 2 of 3 missing");
    }

    @Test
    void shouldReadKafkaPipesGapHeader() {
        RecordHeaders h = headers("s1", "1.1", "1");
        h.add(KafkaHeaders.GAP, "42".getBytes(StandardCharsets.UTF_8));
        RawPacket gap = read(record(new byte[0], h));
        assertThat(gap.gap()).isEqualTo(42L);
        assertThat(gap.payload()).isEmpty();

        RecordHeaders bad = headers("s1", "1.1", "1");
        bad.add(KafkaHeaders.GAP, "lots".getBytes(StandardCharsets.UTF_8));
        assertThat(read(record(null, bad)).gap()).isEqualTo(-1L);
        assertThat(read(record(new byte[0], headers("s1", "1.1", "1"))).gap()).isNull();
    }
}
