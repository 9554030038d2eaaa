package dev.kafkatorio.flink.io;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Serde of the pass-through baseline: reads a record's key, value, headers and timestamp and writes
 * them unchanged to another topic (partition chosen by the producer from the key, as kafka-pipe's
 * records are).
 */
public final class PassThroughSerde {

    private PassThroughSerde() {}

    /** Reads any record into a {@link PassThroughRecord}; never throws. */
    public static final class Deserializer implements KafkaRecordDeserializationSchema<PassThroughRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<PassThroughRecord> out) {
            Header[] headers = record.headers().toArray();
            String[] keys = new String[headers.length];
            byte[][] values = new byte[headers.length][];
            for (int i = 0; i < headers.length; i++) {
                keys[i] = headers[i].key();
                values[i] = headers[i].value();
            }
            out.collect(new PassThroughRecord(record.key(), record.value(), keys, values, record.timestamp()));
        }

        @Override
        public TypeInformation<PassThroughRecord> getProducedType() {
            return TypeInformation.of(PassThroughRecord.class);
        }
    }

    /** Writes a {@link PassThroughRecord} to {@code topic} as it was read. */
    public static final class Serializer implements KafkaRecordSerializationSchema<PassThroughRecord> {
        private static final long serialVersionUID = 1L;

        private final String topic;

        public Serializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(PassThroughRecord r, KafkaSinkContext context, Long timestamp) {
            RecordHeaders headers = new RecordHeaders();
            for (int i = 0; i < r.headerKeys().length; i++) {
                headers.add(r.headerKeys()[i], r.headerValues()[i]);
            }
            return new ProducerRecord<>(topic, null, r.timestamp() >= 0 ? r.timestamp() : null, r.key(), r.value(), headers);
        }
    }
}
