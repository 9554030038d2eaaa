package dev.kafkatorio.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.protocol.KafkaHeaders;
import dev.kafkatorio.protocol.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaPipeTest {

    static final long START = 1_700_000_000_000L;

    @Test
    void shouldShipPacketsWithKeyHeadersAndTimestampThroughTheSender() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        PipeConfig config = PipeConfigTest.valid().topicPrefix("t.").closeTimeout(Duration.ofSeconds(5)).build();
        String console = "log\n" + PacketFramerTest.heartbeat(1) + "\nKFKTR+8/1/2:{\"a\":\nmore log\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        KafkaPipe pipe = KafkaPipe.start(config, producer, () -> START);
        pipe.pump(new ByteArrayInputStream(console.getBytes(StandardCharsets.UTF_8)), out);
        pipe.pump(new ByteArrayInputStream("KFKTR+8/2/2:1}\n".getBytes(StandardCharsets.UTF_8)), out);
        pipe.close();
        pipe.close(); // idempotent

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("log\nmore log\r\n");
        List<ProducerRecord<byte[], byte[]>> records = producer.history();
        assertThat(records).hasSize(2);
        ProducerRecord<byte[], byte[]> r = records.get(0);
        assertThat(r.topic()).isEqualTo("t." + Topics.PACKETS);
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("srv-1");
        assertThat(r.timestamp()).isEqualTo(START);
        assertThat(header(r, KafkaHeaders.SERVER)).isEqualTo("srv-1");
        assertThat(header(r, KafkaHeaders.SESSION)).isEqualTo(START + ".1");
        assertThat(header(r, KafkaHeaders.RECEIVED_AT)).isEqualTo(Long.toString(START));
        assertThat(r.headers().lastHeader(KafkaHeaders.FRAMING_ERROR)).isNull();
        assertThat(new String(records.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");

        PipeStats stats = pipe.stats();
        assertThat(stats.lines()).isEqualTo(5);
        assertThat(stats.packetLines()).isEqualTo(3);
        assertThat(stats.packetsQueued()).isEqualTo(2);
        assertThat(stats.packetsSent()).isEqualTo(2);
        assertThat(stats.packetsDropped()).isZero();
        assertThat(stats.sessionsStarted()).isEqualTo(1);
        assertThat(stats.lastSendMillis()).isPositive();
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void shouldShipPendingPartsWithAFramingErrorAtClose() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        try (KafkaPipe pipe = KafkaPipe.start(PipeConfigTest.valid().build(), producer, () -> START)) {
            pipe.pump(new ByteArrayInputStream("KFKTR+8/1/2:{\"a\":".getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream());
        }
        assertThat(producer.history()).hasSize(1);
        assertThat(header(producer.history().get(0), KafkaHeaders.FRAMING_ERROR))
                .isEqualTo("incomplete multi-part packet 8: 1 of 2 parts (kafka-pipe closed)");
    }

    @Test
    void shouldDropAndCountWhenTheQueueIsFullInsteadOfBlocking() throws Exception {
        // a producer whose sends never complete and that blocks the sender on the first send
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                    ProducerRecord<byte[], byte[]> record, org.apache.kafka.clients.producer.Callback callback) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new org.apache.kafka.common.errors.InterruptException(e);
                }
                return super.send(record, callback);
            }
        };
        PipeConfig config = PipeConfigTest.valid().queueCapacity(3).closeTimeout(Duration.ZERO).build();
        StringBuilder console = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            console.append(PacketFramerTest.heartbeat(i)).append('\n');
        }
        KafkaPipe pipe = KafkaPipe.start(config, producer, () -> START);
        pipe.pump(new ByteArrayInputStream(console.toString().getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream());
        PipeStats stats = pipe.stats();
        assertThat(stats.packetLines()).isEqualTo(100);
        assertThat(stats.packetsQueued() + stats.packetsDropped()).isEqualTo(100);
        assertThat(stats.packetsDropped()).isGreaterThanOrEqualTo(96);
        release.countDown();
        pipe.close();
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
