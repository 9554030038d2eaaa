package dev.kafkatorio.tiles;

import dev.kafkatorio.tiles.http.LiveSocketHandler;
import dev.kafkatorio.tiles.kafka.StateConsumer;
import dev.kafkatorio.tiles.live.Broadcaster;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

/**
 * The server's Prometheus metrics, read on scrape from the components' own counters (the components
 * stay free of metrics types). One registry per {@link TileServer}, so tests can run several.
 */
final class TileMetrics {

    private TileMetrics() {}

    static PrometheusRegistry register(Broadcaster broadcaster, StateConsumer consumer,
            LiveSocketHandler sockets) {
        PrometheusRegistry registry = new PrometheusRegistry();
        GaugeWithCallback.builder()
                .name("kafkatorio_tiles_ws_clients")
                .help("Connected WebSocket clients")
                .callback(cb -> cb.call(broadcaster.clientCount()))
                .register(registry);
        counter(registry, "kafkatorio_tiles_ws_messages_sent", "WebSocket messages sent",
                broadcaster::messagesSent);
        counter(registry, "kafkatorio_tiles_ws_messages_coalesced",
                "Pending WebSocket messages replaced by a newer one with the same key",
                broadcaster::messagesCoalesced);
        counter(registry, "kafkatorio_tiles_ws_clients_closed_slow",
                "WebSocket clients closed because they were too slow", broadcaster::clientsClosedTooSlow);
        counter(registry, "kafkatorio_tiles_ws_origin_rejections",
                "WebSocket upgrades refused because of their Origin", sockets::originRejections);
        counter(registry, "kafkatorio_tiles_records_consumed", "Kafka records consumed",
                consumer::recordsConsumed);
        counter(registry, "kafkatorio_tiles_record_parse_failures",
                "Kafka records skipped because their key or value could not be read",
                consumer::parseFailures);
        GaugeWithCallback.builder()
                .name("kafkatorio_tiles_last_record_age_seconds")
                .help("Age of the newest consumed record's timestamp (NaN before the first record)")
                .callback(cb -> {
                    long ts = consumer.lastRecordTimestamp();
                    cb.call(ts < 0 ? Double.NaN : (System.currentTimeMillis() - ts) / 1000.0);
                })
                .register(registry);
        return registry;
    }

    private static void counter(PrometheusRegistry registry, String name, String help, LongSupplier value) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .callback(cb -> cb.call(value.getAsLong()))
                .register(registry);
    }
}
