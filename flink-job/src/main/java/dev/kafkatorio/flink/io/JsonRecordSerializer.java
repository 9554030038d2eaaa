package dev.kafkatorio.flink.io;

import dev.kafkatorio.flink.packets.RateLimitedCounter;
import dev.kafkatorio.protocol.TopicJson;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes derived-topic records: a UTF-8 string key from {@code keyOf} and the value as {@link
 * TopicJson}. The one place where the job's output is serialised.
 *
 * <p>Never fails the job: a record whose value would be larger than {@link #MAX_VALUE_BYTES} (Kafka's
 * default limit is 1 MiB per record; input decides how large e.g. a chunk's entity list gets) or that
 * cannot be serialised at all is not written — counted in {@code oversizedRecords} / {@code
 * unserialisableRecords} and logged at WARN at most every 10 s — instead of crash-looping on it.
 *
 * @param <T> the record type (a protocol record such as {@code PlayerUpdate})
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JsonRecordSerializer.class);

    /** Largest value written: below Kafka's default {@code max.request.size} / {@code message.max.bytes} of 1 MiB. */
    public static final int MAX_VALUE_BYTES = 1_000_000;

    private final String topic;
    private final SerializableFunction<T, String> keyOf;
    private final SerializableFunction<T, Object> valueOf;

    private transient Counter oversized;
    private transient Counter unserialisable;
    private transient RateLimitedCounter warnLimit;

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
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        oversized = context.getMetricGroup().counter("oversizedRecords");
        unserialisable = context.getMetricGroup().counter("unserialisableRecords");
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
            skipped(counter(false), "cannot serialise a record for topic " + topic + ": " + e);
            return null; // the Kafka sink writes nothing for null
        }
        if (value != null && value.length > MAX_VALUE_BYTES) {
            skipped(counter(true), "did not write a record of " + value.length + " bytes (limit " + MAX_VALUE_BYTES
                    + ") with key " + key + " to topic " + topic);
            return null;
        }
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private Counter counter(boolean tooLarge) {
        if (oversized == null) { // used without open (tests)
            oversized = new SimpleCounter();
            unserialisable = new SimpleCounter();
        }
        return tooLarge ? oversized : unserialisable;
    }

    private void skipped(Counter counter, String message) {
        counter.inc();
        if (warnLimit == null) {
            warnLimit = new RateLimitedCounter(10_000);
        }
        long skipped = warnLimit.tryAcquire(System.currentTimeMillis());
        if (skipped >= 0) {
            LOG.warn("{} ({} more records skipped since the last warning)", message.length() > 500
                    ? message.substring(0, 500) + "…" : message, skipped);
        }
    }

    /** Records not written because they were too large (for tests). */
    long oversizedCount() {
        return oversized == null ? 0 : oversized.getCount();
    }

    /** The topic this serializer writes to. */
    public String topic() {
        return topic;
    }
}
