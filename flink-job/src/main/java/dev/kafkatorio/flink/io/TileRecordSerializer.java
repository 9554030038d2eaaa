package dev.kafkatorio.flink.io;

import dev.kafkatorio.flink.tiles.TilePng;
import dev.kafkatorio.protocol.KafkaHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes tiles to a tile topic: key {@code TileKey.key()} ({@code <server>/<surface>/<z>/<x>/<y>}),
 * value the PNG bytes with header {@code kafkatorio.content-hash}; a deleted tile is a tombstone
 * (null value, no header). The one place tiles are serialised.
 */
public final class TileRecordSerializer implements KafkaRecordSerializationSchema<TilePng> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public TileRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(TilePng tile, KafkaSinkContext context, Long timestamp) {
        byte[] key = tile.tileKey().key().getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        if (tile.png() != null) {
            headers.add(KafkaHeaders.CONTENT_HASH, tile.contentHash().getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(topic, null, null, key, tile.png(), headers);
    }

    /** The topic this serializer writes to. */
    public String topic() {
        return topic;
    }
}
