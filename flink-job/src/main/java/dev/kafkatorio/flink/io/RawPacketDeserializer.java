package dev.kafkatorio.flink.io;

import dev.kafkatorio.protocol.KafkaHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads raw packet records (headers and value) into {@link RawPacket}s. It never throws: anything
 * odd about a record is carried along so the decoder can dead-letter it with its coordinates.
 */
public final class RawPacketDeserializer implements KafkaRecordDeserializationSchema<RawPacket> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawPacket> out) {
        out.collect(toRawPacket(record));
    }

    /** The raw packet of one consumer record. */
    public static RawPacket toRawPacket(ConsumerRecord<byte[], byte[]> record) {
        String source = record.topic() + "/" + record.partition() + "/" + record.offset();
        String server = header(record, KafkaHeaders.SERVER);
        String session = header(record, KafkaHeaders.SESSION);
        String framingError = header(record, KafkaHeaders.FRAMING_ERROR);
        long receivedAt = parseMillis(header(record, KafkaHeaders.RECEIVED_AT), record.timestamp());
        byte[] value = record.value();
        String payload;
        if (value == null) {
            payload = "";
        } else {
            try {
                payload =
                        StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT)
                                .decode(ByteBuffer.wrap(value))
                                .toString();
            } catch (CharacterCodingException e) {
                payload = new String(value, StandardCharsets.UTF_8);
                if (framingError == null) {
                    framingError = "payload is not valid UTF-8";
                }
            }
        }
        String gapHeader = header(record, KafkaHeaders.GAP);
        Long gap = gapHeader == null ? null : parseCount(gapHeader);
        return new RawPacket(server, session, receivedAt, payload, framingError, source, gap);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long parseCount(String text) {
        try {
            return Math.max(-1, Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return -1; // still a gap report, just without a usable count
        }
    }

    private static long parseMillis(String text, long fallback) {
        if (text != null) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                // fall back to the record timestamp: a bad clock value is no reason to lose a packet
            }
        }
        return Math.max(fallback, 0);
    }

    @Override
    public TypeInformation<RawPacket> getProducedType() {
        return TypeInformation.of(RawPacket.class);
    }
}
