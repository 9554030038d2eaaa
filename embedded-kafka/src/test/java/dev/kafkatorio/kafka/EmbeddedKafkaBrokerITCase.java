package dev.kafkatorio.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerITCase {

    @Test
    void shouldKeepRecordsAcrossStopAndRestart() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
            kafka.createTopic("drill", 1, false);
            produce(kafka, "before");
            kafka.stop();
            kafka.restart();
            produce(kafka, "after");
            assertThat(consumeAll(kafka)).containsExactly("before", "after");
        }
    }

    @Test
    void shouldStartAgainOnItsOwnDataDirWithTheSameClusterId(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String firstId;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dir, false, 0, java.util.Map.of())) {
            kafka.createTopic("drill", 1, false);
            produce(kafka, "before");
            firstId = clusterIdOf(kafka);
        }
        // a new broker object, as after a process restart: other ports, same data
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dir, false, 0, java.util.Map.of())) {
            assertThat(clusterIdOf(kafka)).isEqualTo(firstId);
            kafka.createTopic("drill", 1, false); // exists: ignored
            produce(kafka, "after");
            assertThat(consumeAll(kafka)).containsExactly("before", "after");
        }
    }

    private static String clusterIdOf(EmbeddedKafkaBroker kafka) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(kafka.clientProperties())) {
            return admin.describeCluster().clusterId().get();
        }
    }

    private static void produce(EmbeddedKafkaBroker kafka, String value) throws Exception {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>("drill", "k", value)).get();
        }
    }

    private static List<String> consumeAll(EmbeddedKafkaBroker kafka) {
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition("drill", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.currentTimeMillis() + 20_000;
            while (values.size() < 2 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
