package dev.kafkatorio.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class PipeMetricsTest {

    @Test
    void shouldServeEveryPipeFigureOnLoopback() throws Exception {
        PipeCounters counters = new PipeCounters();
        counters.reject(RejectReason.OVERSIZED_LINE, 7);
        counters.reject(RejectReason.DUPLICATE_PART, 2);
        counters.incomplete(IncompleteReason.TOO_MANY_BYTES);
        PipeStats c = counters.snapshot(0, 0, 0);
        // made at each scrape: the oldest unsent record is always 5 s old, however slow the machine
        java.util.function.Supplier<PipeStats> stats = () -> new PipeStats(10, 4, 4, 3, 2, 1, 1, 0, 0, 1_700_000_000_000L, 1, 0,
                0, 0, 1, 512, System.currentTimeMillis() - 5_000, 5, c.rejectedLines(), c.incompletePackets(), 2, 3, 4096);
        try (PipeMetrics metrics = PipeMetrics.serve(0, stats)) {
            String body = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port() + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(body)
                    .contains("kafkapipe_lines_total 10.0")
                    .contains("kafkapipe_packets_sent_total 3.0")
                    .contains("kafkapipe_packets_dropped_total 2.0")
                    .contains("kafkapipe_gaps_total 1.0")
                    .contains("kafkapipe_send_errors_total 1.0")
                    .contains("kafkapipe_spool_bytes 512.0")
                    .contains("kafkapipe_spool_records 1.0")
                    .contains("kafkapipe_last_send_timestamp_seconds 1.7E9")
                    .containsPattern("kafkapipe_spool_oldest_unsent_age_seconds [4-9]\\.")
                    .contains("kafkapipe_framed_packet_lines_total 5.0")
                    .contains("kafkapipe_rejected_lines_total{reason=\"oversized_line\"} 7.0")
                    .contains("kafkapipe_rejected_lines_total{reason=\"duplicate_part\"} 2.0")
                    .contains("kafkapipe_rejected_lines_total{reason=\"malformed_part_header\"} 0.0")
                    .contains("kafkapipe_incomplete_packets_total{reason=\"too_many_bytes\"} 1.0")
                    .contains("kafkapipe_pending_part_sets 2.0")
                    .contains("kafkapipe_pending_part_lines 3.0")
                    .contains("kafkapipe_pending_part_bytes 4096.0");
        }
    }
}
