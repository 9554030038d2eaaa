package dev.kafkatorio.pipe;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus metrics of a {@link KafkaPipe} ({@code --metrics-port}), read from {@link
 * KafkaPipe#stats()} at each scrape; served on 127.0.0.1 only. Never a configuration value.
 */
final class PipeMetrics implements AutoCloseable {

    private final HTTPServer server;

    private PipeMetrics(HTTPServer server) {
        this.server = server;
    }

    /** Registers the pipe's metrics in a fresh registry. */
    static PrometheusRegistry registry(Supplier<PipeStats> stats) {
        PrometheusRegistry r = new PrometheusRegistry();
        counter(r, "kafkapipe_lines", "Console lines read", stats, PipeStats::lines);
        counter(r, "kafkapipe_packet_lines", "Console lines with the packet marker", stats, PipeStats::packetLines);
        counter(r, "kafkapipe_packets_spooled", "Packets appended to the spool", stats, PipeStats::packetsQueued);
        counter(r, "kafkapipe_packets_sent", "Packets acknowledged by Kafka", stats, PipeStats::packetsSent);
        counter(r, "kafkapipe_send_errors", "Failed Kafka sends (retriable ones are sent again)", stats, PipeStats::sendErrors);
        counter(r, "kafkapipe_packets_dropped", "Packets dropped because the spool was full", stats, PipeStats::packetsDropped);
        counter(r, "kafkapipe_gaps", "Gap records written after drops", stats, PipeStats::gaps);
        counter(r, "kafkapipe_sessions", "Console sessions started or resumed", stats, PipeStats::sessionsStarted);
        counter(r, "kafkapipe_invalid_utf8_lines", "Packet lines with invalid UTF-8", stats, PipeStats::invalidUtf8Lines);
        counter(r, "kafkapipe_oversized_lines", "Lines over 1 MiB (ordinary or packet)", stats, PipeStats::oversizedLines);
        counter(r, "kafkapipe_binary_lines", "Ordinary lines with NUL bytes or invalid UTF-8", stats, PipeStats::binaryLines);
        counter(r, "kafkapipe_malformed_packets", "Packet lines whose payload is not a JSON object", stats, PipeStats::malformedPackets);
        counter(r, "kafkapipe_framed_packet_lines", "Packet lines that went into a record without framing error", stats,
                PipeStats::framedPacketLines);
        labelled(r, "kafkapipe_rejected_lines", "Packet lines not framed, by reason (shipped with a framing error, or dropped)",
                stats, PipeStats::rejectedLines);
        labelled(r, "kafkapipe_incomplete_packets", "Multi-part packets shipped incomplete, by reason", stats,
                PipeStats::incompletePackets);
        gauge(r, "kafkapipe_pending_part_sets", "Multi-part packets waiting for parts", stats, PipeStats::pendingPartSets);
        gauge(r, "kafkapipe_pending_part_lines", "Part lines held in pending multi-part packets", stats,
                PipeStats::pendingPartLines);
        gauge(r, "kafkapipe_pending_part_bytes", "Memory held by pending parts (bounded)", stats, PipeStats::pendingPartBytes);
        gauge(r, "kafkapipe_spool_records", "Records spooled, not yet acknowledged", stats, PipeStats::spoolRecords);
        gauge(r, "kafkapipe_spool_bytes", "Bytes held by the spool", stats, PipeStats::spoolBytes);
        gauge(r, "kafkapipe_spool_oldest_unsent_age_seconds", "Age of the oldest record in flight, 0 if none", stats,
                s -> s.oldestUnsentMillis() == 0 ? 0 : (System.currentTimeMillis() - s.oldestUnsentMillis()) / 1000.0);
        gauge(r, "kafkapipe_last_send_timestamp_seconds", "When Kafka last acknowledged a record (epoch s), 0 if never",
                stats, s -> s.lastSendMillis() / 1000.0);
        return r;
    }

    /** Serves the metrics on {@code 127.0.0.1:port} ({@code /metrics}). */
    static PipeMetrics serve(int port, Supplier<PipeStats> stats) throws IOException {
        return new PipeMetrics(HTTPServer.builder().hostname("127.0.0.1").port(port).registry(registry(stats)).buildAndStart());
    }

    int port() {
        return server.getPort();
    }

    private static void counter(PrometheusRegistry r, String name, String help, Supplier<PipeStats> stats,
            ToDoubleFunction<PipeStats> value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.applyAsDouble(stats.get()))).register(r);
    }

    private static void labelled(PrometheusRegistry r, String name, String help, Supplier<PipeStats> stats,
            Function<PipeStats, Map<String, Long>> values) {
        CounterWithCallback.builder().name(name).help(help).labelNames("reason").callback(cb -> {
            for (Map.Entry<String, Long> e : values.apply(stats.get()).entrySet()) {
                cb.call(e.getValue(), e.getKey());
            }
        }).register(r);
    }

    private static void gauge(PrometheusRegistry r, String name, String help, Supplier<PipeStats> stats,
            ToDoubleFunction<PipeStats> value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.applyAsDouble(stats.get()))).register(r);
    }

    @Override
    public void close() {
        server.close();
    }
}
