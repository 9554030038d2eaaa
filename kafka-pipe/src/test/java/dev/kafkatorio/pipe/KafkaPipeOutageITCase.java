package dev.kafkatorio.pipe;

import static dev.kafkatorio.pipe.PipeITSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkatorio.kafka.EmbeddedKafkaBroker;
import dev.kafkatorio.protocol.ConsoleFraming;
import dev.kafkatorio.protocol.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class KafkaPipeOutageITCase {

    static final int PACKETS = 300;

    @Test
    @Timeout(180) // a safety net against a hang, not a timing assertion
    void shouldNotWaitOnKafkaWhileTheBrokerIsDownAndDeliverEverythingAfterwards() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            String topic = Topics.prefixed("outage.", Topics.PACKETS);
            kafka.createTopic(topic, 1, false);
            kafka.stop();

            StringBuilder console = new StringBuilder();
            StringBuilder ordinary = new StringBuilder();
            console.append(PacketFramerTest.sessionStart(1)).append('\n');
            for (int seq = 2; seq <= PACKETS; seq++) {
                String log = "  " + seq + ".000 Info tick " + seq + "\n";
                console.append(log).append(PacketFramerTest.heartbeat(seq)).append('\n');
                ordinary.append(log);
            }
            PipeConfig config = PipeConfig.builder()
                    .bootstrapServers(kafka.bootstrapServers())
                    .serverId("outage")
                    .topicPrefix("outage.")
                    .queueCapacity(PACKETS)
                    .build();
            try (KafkaPipe pipe = KafkaPipe.start(config)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                // returns although no broker is reachable: the reader only enqueues
                pipe.pump(new ByteArrayInputStream(console.toString().getBytes(StandardCharsets.UTF_8)), out);
                assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(ordinary.toString());
                PipeStats during = pipe.stats();
                assertThat(during.packetLines()).isEqualTo(PACKETS);
                assertThat(during.packetsQueued()).isEqualTo(PACKETS);
                assertThat(during.packetsDropped()).isZero();

                kafka.restart();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> pipe.stats().packetsSent() == PACKETS);
                assertThat(pipe.stats().sendErrors()).isZero();
            }

            List<ConsumerRecord<byte[], byte[]>> records = PipeITSupport.consume(kafka, topic, PACKETS);
            List<String> expected = IntStream.rangeClosed(1, PACKETS)
                    .mapToObj(seq -> seq == 1 ? PacketFramerTest.sessionStart(1) : PacketFramerTest.heartbeat(seq))
                    .map(ConsoleFraming::wholePayload)
                    .toList();
            assertThat(records).extracting(r -> text(r.value())).containsExactlyElementsOf(expected);
        }
    }
}
