package dev.kafkatorio.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkatorio.kafka.EmbeddedKafkaBroker;
import dev.kafkatorio.protocol.Topics;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drill: the broker is stopped for 60 s while the "game" writes 1,000 lines/s (half of them packets)
 * into a real OS pipe; after the restart every packet arrives exactly once per (server, session, seq)
 * after de-duplication, in order. The longest write() stall is printed, not asserted.
 */
class OutageDrillITCase {

    static final int LINES_PER_SECOND = 1_000;
    static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("drill.outage.seconds", 60));

    @TempDir
    Path dir;

    @Test
    @Timeout(400) // a safety net against a hang, not a timing assertion
    void shouldDeliverEveryPacketInOrderAfterA60SecondOutageWithoutBlockingTheWriter() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            String topic = Topics.prefixed("drill.", Topics.PACKETS);
            kafka.createTopic(topic, 1, false);
            PipeConfig config = PipeConfig.builder().bootstrapServers(kafka.bootstrapServers()).serverId("drill")
                    .topicPrefix("drill.").spoolDir(dir.resolve("spool")).closeTimeout(Duration.ofSeconds(30)).build();
            Pipe pipe = Pipe.open(); // a real pipe with a bounded kernel buffer, as between the game and kafka-pipe
            AtomicLong packetsWritten = new AtomicLong();
            AtomicLong maxStallNanos = new AtomicLong();
            try (KafkaPipe kafkaPipe = KafkaPipe.start(config)) {
                Thread reader = new Thread(() -> {
                    try (InputStream in = Channels.newInputStream(pipe.source())) {
                        kafkaPipe.pump(in, new ByteArrayOutputStream());
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, "drill-reader");
                reader.start();
                volatileStop = false;
                Thread writer = new Thread(() -> write(pipe, packetsWritten, maxStallNanos), "drill-game");
                writer.start();

                Thread.sleep(3_000);
                kafka.stop();
                long downAt = System.nanoTime();
                Thread.sleep(OUTAGE.toMillis());
                long spooledDuringOutage = kafkaPipe.stats().spoolRecords();
                kafka.restart();
                System.out.printf("drill: broker down for %.1f s, %d records spooled at restart%n",
                        (System.nanoTime() - downAt) / 1e9, spooledDuringOutage);
                Thread.sleep(5_000);
                volatileStop = true;
                writer.join();
                pipe.sink().close();
                reader.join(30_000);

                long written = packetsWritten.get();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> kafkaPipe.stats().packetsSent() >= written && kafkaPipe.stats().spoolRecords() == 0);
                PipeStats stats = kafkaPipe.stats();
                System.out.printf("drill: %d packets written at %d lines/s, longest write() stall %.2f ms, sendErrors %d%n",
                        written, LINES_PER_SECOND, maxStallNanos.get() / 1e6, stats.sendErrors());
                assertThat(stats.packetsDropped()).isZero();
                assertThat(stats.gaps()).isZero();
                assertThat(spooledDuringOutage).isPositive();

                DrillSupport.Readback back = DrillSupport.readUnique(kafka, topic, (int) written, Duration.ofSeconds(120));
                List<String> expected = java.util.stream.LongStream.rangeClosed(1, written)
                        .mapToObj(seq -> kafkaPipe.session() + "/" + seq).toList();
                assertThat(back.uniqueKeys()).containsExactlyElementsOf(expected); // all, once, in order
                System.out.printf("drill: %d records read back, %d duplicates removed%n", back.records().size(), back.duplicates());
            }
        }
    }

    private volatile boolean volatileStop;

    /** The game: 1,000 lines/s in 10-line bursts every 10 ms, every other line a packet; times each write(). */
    private void write(Pipe pipe, AtomicLong packets, AtomicLong maxStall) {
        long next = System.nanoTime();
        long seq = 0;
        int line = 0;
        try {
            while (!volatileStop) {
                StringBuilder burst = new StringBuilder();
                for (int i = 0; i < LINES_PER_SECOND / 100; i++, line++) {
                    if (line % 2 == 0) {
                        burst.append("  ").append(line).append(".000 Info ServerMultiplayerManager.cpp:807: tick\n");
                    } else {
                        seq++;
                        burst.append("KFKTR:{\"v\":1,\"type\":\"heartbeat\",\"tick\":").append(seq * 60).append(",\"seq\":")
                                .append(seq).append(",\"data\":{\"online\":1}}\n");
                    }
                }
                ByteBuffer b = ByteBuffer.wrap(burst.toString().getBytes(StandardCharsets.UTF_8));
                long t0 = System.nanoTime();
                while (b.hasRemaining()) {
                    pipe.sink().write(b);
                }
                maxStall.accumulateAndGet(System.nanoTime() - t0, Math::max);
                packets.set(seq);
                next += 10_000_000L;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
                }
            }
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
