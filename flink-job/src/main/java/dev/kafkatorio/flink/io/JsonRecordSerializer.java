package dev.kafkatorio.flink.io;

import dev.kafkatorio.protocol.TopicJson;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes derived-topic records: a UTF-8 string key from {@code keyOf} and the value as {@link
 * TopicJson}. The one place where the job's output is serialised.
 *
 * @param <T> the record type (a protocol record such as {@code PlayerUpdate})
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SerializableFunction<T, String> keyOf;

    public JsonRecordSerializer(String topic, SerializableFunction<T, String> keyOf) {
        this.topic = topic;
        this.keyOf = keyOf;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String key;
        byte[] value;
        try {
            key = keyOf.apply(element);
            value = TopicJson.write(element);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot serialise a record for topic " + topic + ": " + element, e);
        }
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    /** The topic this serializer writes to. */
    public String topic() {
        return topic;
    }
}
