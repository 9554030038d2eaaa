package dev.kafkatorio.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayInputTest {

    static final String BANNER = "   0.000 2026-11-27 09:00:00; Factorio 2.0.77 (build 83721, linux64, headless)";

    @TempDir
    Path dir;

    long now = 1_000_000;
    final List<Long> sleeps = new ArrayList<>();
    /** What the reader had seen when each sleep happened. */
    final List<String> seenAtSleep = new ArrayList<>();
    final StringBuilder read = new StringBuilder();

    ReplayInput replay(String content, double speed, boolean loop) throws IOException {
        Path file = dir.resolve("console.log");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return new ReplayInput(file, speed, loop, () -> now, millis -> {
            sleeps.add(millis);
            seenAtSleep.add(read.toString());
            now += millis;
        });
    }

    static String packet(long tick) {
        return "KFKTR:{\"v\":1,\"type\":\"heartbeat\",\"tick\":" + tick + ",\"seq\":1,\"data\":{\"online\":0}}\n";
    }

    String readAll(InputStream in, int max) throws IOException {
        int c;
        while (read.length() < max && (c = in.read()) != -1) {
            read.append((char) c);
        }
        return read.toString();
    }

    @Test
    void shouldPaceByTicksAndSendLinesInBetweenRightAway() throws IOException {
        String content = BANNER + "\n" + packet(600) + "a\nb\n" + packet(660) + "c\n" + packet(780) + "KFKTR+1/1/2:{\"tick\":99999\n";
        assertThat(readAll(replay(content, 1, false), Integer.MAX_VALUE)).isEqualTo(content);
        assertThat(sleeps).containsExactly(1000L, 2000L);
        // each sleep happens before the packet line, after the lines before it
        assertThat(seenAtSleep.get(0)).endsWith("a\nb\n");
        assertThat(seenAtSleep.get(1)).endsWith("c\n");
    }

    @Test
    void shouldScaleBySpeedAndNotSleepAtSpeedZero() throws IOException {
        String content = BANNER + "\n" + packet(0) + packet(600) + packet(1200);
        readAll(replay(content, 10, false), Integer.MAX_VALUE);
        assertThat(sleeps).containsExactly(1000L, 1000L);
        sleeps.clear();
        read.setLength(0);
        readAll(replay(content, 0, false), Integer.MAX_VALUE);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void shouldOnlySleepForWhatIsLeftWhenTheReaderIsSlow() throws IOException {
        InputStream in = replay(BANNER + "\n" + packet(0) + packet(120), 1, false);
        byte[] buf = new byte[BANNER.length() + 1 + packet(0).length()];
        assertThat(in.readNBytes(buf, 0, buf.length)).isEqualTo(buf.length);
        now += 1500; // the consumer took 1.5 s
        in.readAllBytes();
        assertThat(sleeps).containsExactly(500L);
    }

    @Test
    void shouldRestartPacingWhenTheTickGoesBack() throws IOException {
        readAll(replay(BANNER + "\n" + packet(6000) + packet(6060) + packet(60) + packet(120), 1, false), Integer.MAX_VALUE);
        assertThat(sleeps).containsExactly(1000L, 1000L);
    }

    @Test
    void shouldLoopForeverStartingEachPassWithTheFileItself() throws IOException {
        String content = BANNER + "\n" + packet(0) + packet(60);
        String out = readAll(replay(content, 1, true), content.length() * 3);
        assertThat(out).isEqualTo(content.repeat(3));
        assertThat(sleeps).containsExactly(1000L, 1000L, 1000L);
    }

    @Test
    void shouldPutABannerInFrontOfEachPassIfTheRecordingHasNone() throws IOException {
        String content = "log\n" + packet(0) + "no newline at the end";
        String expected = ReplayInput.SYNTHETIC_BANNER + content;
        assertThat(readAll(replay(content, 0, true), expected.length() * 2)).isEqualTo(expected.repeat(2));
        assertThat(PacketFramer.BANNER.matcher(ReplayInput.SYNTHETIC_BANNER).find()).isTrue();
    }

    @Test
    void shouldNotAddABannerWhenTheRecordingStartsWithSessionStart() throws IOException {
        String content = PacketFramerTest.sessionStart(1) + "\n" + packet(60);
        assertThat(readAll(replay(content, 0, false), Integer.MAX_VALUE)).isEqualTo(content);
    }

    @Test
    void shouldEndAnEmptyLoopInsteadOfSpinning() throws IOException {
        Path file = dir.resolve("empty.log");
        Files.writeString(file, "");
        // an empty file gets the synthetic banner once, then EOF
        assertThat(new String(new ReplayInput(file, 1, true, () -> now, ms -> {}).readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo(ReplayInput.SYNTHETIC_BANNER);
    }

    @Test
    void shouldRejectBadArguments() {
        assertThatThrownBy(() -> ReplayInput.paced(dir.resolve("nope"), 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readable");
        assertThatThrownBy(() -> replay("x", -1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("speed");
    }
}
