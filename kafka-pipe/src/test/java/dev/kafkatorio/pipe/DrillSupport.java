package dev.kafkatorio.pipe;

import dev.kafkatorio.kafka.EmbeddedKafkaBroker;
import dev.kafkatorio.protocol.KafkaHeaders;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Shared by the drills: the kafka-pipe command line of a child JVM, and reading packets back de-duplicated. */
final class DrillSupport {
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    private DrillSupport() {}

    /** {@code java -jar target/kafka-pipe.jar} if the shaded jar is built, else the test class path. */
    static List<String> kafkaPipeCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        File jar = new File("target/kafka-pipe.jar");
        if (jar.isFile()) {
            cmd.add("-jar");
            cmd.add(jar.getAbsolutePath());
        } else {
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(KafkaPipeMain.class.getName());
        }
        return cmd;
    }

    /** Everything a child process wrote, for the failure message. */
    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (Exception e) {
            return e.toString();
        }
    }

    static long seq(ConsumerRecord<byte[], byte[]> r) {
        Matcher m = SEQ.matcher(new String(r.value(), StandardCharsets.UTF_8));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static String session(ConsumerRecord<byte[], byte[]> r) {
        return PipeITSupport.header(r, KafkaHeaders.SESSION);
    }

    /** Result of reading a topic back: records in order, and the (session, seq) keys de-duplicated in first-seen order. */
    record Readback(List<ConsumerRecord<byte[], byte[]>> records, List<String> uniqueKeys, int duplicates) {}

    /** Reads partition 0 until {@code expectedUnique} distinct (session, seq) packets arrived or the timeout. */
    static Readback readUnique(EmbeddedKafkaBroker kafka, String topic, int expectedUnique, Duration timeout) {
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        int duplicates = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (keys.size() < expectedUnique && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(r);
                    if (r.headers().lastHeader(KafkaHeaders.GAP) == null && !keys.add(session(r) + "/" + seq(r))) {
                        duplicates++;
                    }
                }
            }
        }
        return new Readback(records, new ArrayList<>(keys), duplicates);
    }
}
