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
    private final SerializableFunction<T, Object> valueOf;

    /** Writes each element itself as the value. */
    public JsonRecordSerializer(String topic, SerializableFunction<T, String> keyOf) {
        this(topic, keyOf, null);
    }

    /**
     * Writes {@code valueOf(element)} as the value; a {@code null} value is written as a tombstone.
     */
    public JsonRecordSerializer(String topic, SerializableFunction<T, String> keyOf, SerializableFunction<T, Object> valueOf) {
        this.topic = topic;
        this.keyOf = keyOf;
        this.valueOf = valueOf;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String key;
        byte[] value;
        try {
            key = keyOf.apply(element);
            Object body = valueOf == null ? element : valueOf.apply(element);
            value = body == null ? null : TopicJson.write(body);
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
