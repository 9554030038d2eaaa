package dev.kafkatorio.tiles;

import dev.kafkatorio.protocol.WsMessages.Layer;
import dev.kafkatorio.tiles.http.LiveSocketHandler;
import dev.kafkatorio.tiles.http.TileHandler;
import dev.kafkatorio.tiles.kafka.StateConsumer;
import dev.kafkatorio.tiles.kafka.TileConsumer;
import dev.kafkatorio.tiles.live.Broadcaster;
import dev.kafkatorio.tiles.store.TileCache;
import dev.kafkatorio.tiles.store.TileStore;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

/**
 * The server's Prometheus metrics, read on scrape from the components' own counters (the components
 * stay free of metrics types). One registry per {@link TileServer}, so tests can run several.
 */
final class TileMetrics {

    private TileMetrics() {}

    /** The HTTP hardening counters. */
    record Http(LongSupplier hostRejections, LongSupplier headerTimeouts, LongSupplier connections) {}

    static PrometheusRegistry register(Broadcaster broadcaster, StateConsumer consumer,
            LiveSocketHandler sockets, TileStore store, TileCache cache, TileConsumer tiles,
            TileHandler tileHandler, Http http, java.util.List<TileServerConfig.Gauge> extra) {
        PrometheusRegistry registry = new PrometheusRegistry();
        for (TileServerConfig.Gauge g : extra) {
            GaugeWithCallback.builder().name(g.name()).help(g.help())
                    .callback(cb -> cb.call(g.value().getAsDouble()))
                    .register(registry);
        }
        counter(registry, "kafkatorio_tiles_http_host_rejections",
                "HTTP requests refused because of their Host (421) or a missing Host (400)",
                http.hostRejections());
        counter(registry, "kafkatorio_tiles_http_header_timeouts",
                "HTTP connections closed because request headers did not arrive in time",
                http.headerTimeouts());
        GaugeWithCallback.builder()
                .name("kafkatorio_tiles_http_connections")
                .help("Open TCP connections counted by the connection limit")
                .callback(cb -> cb.call(http.connections().getAsLong()))
                .register(registry);
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

        // Tiles (issue #3)
        GaugeWithCallback.builder()
                .name("kafkatorio_tiles_tiles_stored")
                .help("Tiles in the tile store, by layer")
                .labelNames("layer")
                .callback(cb -> {
                    for (Layer l : Layer.values()) {
                        cb.call(store.tileCount(l), l.wireName());
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("kafkatorio_tiles_tile_requests")
                .help("Tile HTTP responses by status class")
                .labelNames("status")
                .callback(cb -> {
                    for (int c = 2; c <= 5; c++) {
                        cb.call(tileHandler.responses(c), c + "xx");
                    }
                })
                .register(registry);
        counter(registry, "kafkatorio_tiles_tile_cache_hits", "Tile cache hits", cache::hits);
        counter(registry, "kafkatorio_tiles_tile_cache_misses", "Tile cache misses (read from the store)",
                cache::misses);
        GaugeWithCallback.builder()
                .name("kafkatorio_tiles_tile_cache_bytes")
                .help("Estimated bytes held by the tile cache")
                .callback(cb -> cb.call(cache.weight()))
                .register(registry);
        SummaryWithCallback.builder()
                .name("kafkatorio_tiles_store_commit_seconds")
                .help("Tile store transactions (one per consumed batch) and their duration")
                .callback(cb -> cb.call(tiles.storeCommits(), tiles.storeCommitSeconds(), Quantiles.EMPTY))
                .register(registry);
        counter(registry, "kafkatorio_tiles_tile_records_consumed",
                "Records consumed from the tile and surface topics", tiles::recordsConsumed);
        counter(registry, "kafkatorio_tiles_tile_record_failures",
                "Tile and surface records skipped because they could not be read", tiles::recordFailures);
        counter(registry, "kafkatorio_tiles_tile_rebuilds",
                "Topics re-read from their start because tombstones may have been missed", tiles::rebuilds);
        GaugeWithCallback.builder()
                .name("kafkatorio_tiles_tile_consumer_lag_records")
                .help("Tile and surface records not yet read, as of the last poll (NaN if unknown)")
                .callback(cb -> {
                    long lag = tiles.lag();
                    cb.call(lag < 0 ? Double.NaN : lag);
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("kafkatorio_tiles_tile_consumer_caught_up")
                .help("1 once the tile store has read the topics up to their end offsets at start")
                .callback(cb -> cb.call(tiles.caughtUp() ? 1 : 0))
                .register(registry);
        GaugeWithCallback.builder()
                .name("kafkatorio_tiles_tile_last_record_age_seconds")
                .help("Age of the newest consumed tile/surface record's timestamp (NaN before the first)")
                .callback(cb -> {
                    long ts = tiles.lastRecordTimestamp();
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
