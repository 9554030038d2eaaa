package dev.kafkatorio.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolTest {

    @TempDir
    Path dir;

    static OutboundPacket packet(int i) {
        return new OutboundPacket("1.1", 1000L + i, ("{\"seq\":" + i + "}").getBytes(StandardCharsets.UTF_8), i % 7 == 0 ? "why " + i : null);
    }

    static List<String> drain(Spool spool) throws InterruptedException {
        List<String> out = new ArrayList<>();
        Spool.Spooled s;
        while ((s = spool.next(50)) != null) {
            out.add(s.index() + ":" + new String(s.packet().value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(DiskSpool.SEGMENT_SUFFIX)).sorted().toList();
        }
    }

    @Test
    void shouldReadBackEveryFieldInOrderAcrossSegments() throws Exception {
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, 4096, 50)) {
            for (int i = 1; i <= 500; i++) {
                assertThat(spool.tryAppend(packet(i))).isTrue();
            }
            spool.forceAppend(OutboundPacket.gap("1.1", 5, 42));
            assertThat(segments()).hasSizeGreaterThan(3);
            for (int i = 1; i <= 500; i++) {
                Spool.Spooled s = spool.next(100);
                assertThat(s.index()).isEqualTo(i);
                assertThat(s.packet().session()).isEqualTo("1.1");
                assertThat(s.packet().receivedAt()).isEqualTo(1000L + i);
                assertThat(s.packet().value()).isEqualTo(packet(i).value());
                assertThat(s.packet().framingError()).isEqualTo(packet(i).framingError());
            }
            Spool.Spooled gap = spool.next(100);
            assertThat(gap.packet().isGap()).isTrue();
            assertThat(gap.packet().gap()).isEqualTo(42);
            assertThat(gap.packet().value()).isEmpty();
            assertThat(spool.next(10)).isNull();
            assertThat(spool.depthRecords()).isEqualTo(501);
        }
    }

    @Test
    void shouldResumeAfterTheLastAcknowledgedRecordOnReopenAndDeleteAcknowledgedSegments() throws Exception {
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, 4096, 20)) {
            for (int i = 1; i <= 300; i++) {
                spool.tryAppend(packet(i));
            }
            drain(spool);
            int before = segments().size();
            spool.acked(200);
            assertThat(segments().size()).isLessThan(before);
            Thread.sleep(100); // the ack file is written by the sync thread
        }
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, 4096, 20)) {
            assertThat(spool.depthRecords()).isEqualTo(100);
            List<String> rest = drain(spool);
            assertThat(rest).hasSize(100).first().isEqualTo("201:{\"seq\":201}");
            spool.tryAppend(packet(301));
            assertThat(spool.next(100).index()).isEqualTo(301); // indexes are never reused
        }
    }

    @Test
    void shouldRewindToTheFirstUnacknowledgedRecord() throws Exception {
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, 4096, 50)) {
            for (int i = 1; i <= 100; i++) {
                spool.tryAppend(packet(i));
            }
            drain(spool);
            spool.acked(40);
            spool.rewind();
            assertThat(drain(spool)).hasSize(60).first().isEqualTo("41:{\"seq\":41}");
        }
    }

    @Test
    void shouldCutOffATornTailAndKeepTheValidRecords() throws Exception {
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, 1 << 20, 50)) {
            for (int i = 1; i <= 10; i++) {
                spool.tryAppend(packet(i));
            }
        }
        Path seg = segments().get(0);
        long size = Files.size(seg);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.truncate(size - 3); // a half-written last record (crash mid-write)
        }
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, 1 << 20, 50)) {
            assertThat(spool.corruptBytesAtOpen()).isPositive();
            assertThat(drain(spool)).hasSize(9);
            spool.tryAppend(packet(11));
            assertThat(spool.next(100).index()).isEqualTo(10); // continues right after the last valid record
        }
    }

    @Test
    void shouldDetectACorruptRecordByItsCrc() throws Exception {
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, 1 << 20, 50)) {
            for (int i = 1; i <= 10; i++) {
                spool.tryAppend(packet(i));
            }
        }
        Path seg = segments().get(0);
        long size = Files.size(seg);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {'X'}), size / 2); // a flipped byte in the middle
        }
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, 1 << 20, 50)) {
            assertThat(spool.corruptBytesAtOpen()).isPositive();
            List<String> left = drain(spool);
            assertThat(left).isNotEmpty().hasSizeLessThan(10);
            assertThat(left.get(0)).startsWith("1:");
        }
    }

    @Test
    void shouldRefuseAppendsWhenFullAndTakeThemAgainOnceSegmentsAreAcknowledged() throws Exception {
        try (DiskSpool spool = new DiskSpool(dir, 64 * 1024, 8 * 1024, 50)) {
            int accepted = 0;
            while (spool.tryAppend(packet(accepted + 1))) {
                accepted++;
            }
            assertThat(spool.depthBytes()).isLessThanOrEqualTo(64 * 1024);
            assertThat(spool.tryAppend(packet(accepted + 1))).isFalse();
            drain(spool);
            spool.acked(accepted);
            assertThat(spool.tryAppend(packet(accepted + 1))).isTrue();
        }
    }

    @Test
    void shouldSendEverythingAgainWhenTheAckFileIsCorrupt() throws Exception {
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, 1 << 20, 10)) {
            for (int i = 1; i <= 5; i++) {
                spool.tryAppend(packet(i));
            }
            spool.acked(3);
        }
        Files.write(dir.resolve(DiskSpool.ACK_FILE), new byte[] {1, 2, 3});
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, 1 << 20, 10)) {
            assertThat(drain(spool)).hasSize(5); // duplicates, never a loss
        }
    }
}
