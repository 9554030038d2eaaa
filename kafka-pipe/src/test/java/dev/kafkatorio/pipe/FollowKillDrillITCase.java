package dev.kafkatorio.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.kafka.EmbeddedKafkaBroker;
import dev.kafkatorio.protocol.Topics;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drill: kafka-pipe (the real CLI in a child JVM) follows a console file that is being written, is
 * killed with SIGKILL mid-stream and started again: every packet arrives (duplicates allowed), all in
 * the one session the restart resumed.
 */
class FollowKillDrillITCase {

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    void shouldLoseNothingWhenKafkaPipeIsKilledMidStreamInFollowMode() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            String topic = Topics.prefixed("follow.", Topics.PACKETS);
            kafka.createTopic(topic, 1, false);
            Path console = dir.resolve("console.log");
            Files.createFile(console);
            AtomicLong seq = new AtomicLong();
            volatileStop = false;
            Thread game = new Thread(() -> write(console, seq), "drill-game");
            game.start();

            Process first = start(kafka, console, 1);
            Thread.sleep(6_000); // JVM start-up plus a few seconds of shipping
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long atKill = seq.get();
            Thread.sleep(1_000);
            Process second = start(kafka, console, 2);
            Thread.sleep(5_000);
            volatileStop = true;
            game.join();
            long written = seq.get();

            DrillSupport.Readback back = DrillSupport.readUnique(kafka, topic, (int) written, Duration.ofSeconds(60));
            second.destroy(); // SIGTERM: a clean stop
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
            System.out.printf("follow drill: %d packets written, killed at ~%d, %d records read back, %d duplicates%n",
                    written, atKill, back.records().size(), back.duplicates());
            List<String> sessions = back.records().stream().map(DrillSupport::session).distinct().toList();
            assertThat(sessions).as("one session, resumed after the kill; stderr:\n" + DrillSupport.read(dir.resolve("pipe-2.err")))
                    .hasSize(1);
            List<String> expected = LongStream.rangeClosed(1, written).mapToObj(s -> sessions.get(0) + "/" + s).toList();
            assertThat(new ArrayList<>(back.uniqueKeys())).containsExactlyElementsOf(expected);
            assertThat(atKill).isPositive().isLessThan(written);
        }
    }

    private Process start(EmbeddedKafkaBroker kafka, Path console, int n) throws Exception {
        List<String> cmd = new ArrayList<>(DrillSupport.kafkaPipeCommand());
        cmd.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--server-id", "follow", "--topic-prefix", "follow.",
                "--follow", console.toString(), "--spool-dir", dir.resolve("spool").toString()));
        return new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("pipe-" + n + ".out").toFile())
                .redirectError(dir.resolve("pipe-" + n + ".err").toFile())
                .start();
    }

    private volatile boolean volatileStop;

    /** The server's stdout redirected into a file: 2,000 lines/s, every other one a packet, some multi-part. */
    private void write(Path console, AtomicLong seq) {
        try (Writer w = Files.newBufferedWriter(console, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            int line = 0;
            while (!volatileStop) {
                for (int i = 0; i < 20; i++, line++) {
                    if (line % 2 == 0) {
                        w.write("  " + line + ".000 Info tick\n");
                    } else {
                        long s = seq.get() + 1;
                        if (s % 50 == 0) {
                            w.write("KFKTR+" + s + "/1/2:{\"v\":1,\"type\":\"heartbeat\",\n");
                            w.write("KFKTR+" + s + "/2/2:\"seq\":" + s + "}\n");
                        } else {
                            w.write("KFKTR:{\"v\":1,\"type\":\"heartbeat\",\"seq\":" + s + "}\n");
                        }
                        seq.set(s);
                    }
                }
                w.flush();
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
