package dev.kafkatorio.pipe;

import dev.kafkatorio.protocol.ConsoleFraming;
import dev.kafkatorio.protocol.PacketType;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Replays a recorded server console as an {@link InputStream}, paced like the original game.
 *
 * <p>Pacing comes from the {@code tick} of whole packet lines (60 ticks = 1 s): a packet line is
 * released {@code (tick - first tick of the pass) / 60 / speed} seconds after the pass started; the
 * lines after it follow immediately. Part lines and ordinary lines carry no time. A tick lower than the
 * previous one (a save loaded in the recording) restarts the pacing from that packet. Speed 0 replays
 * as fast as possible.
 *
 * <p>With {@code loop}, the file starts over at EOF, forever. Every pass must begin a new kafka-pipe
 * session (the game's sequence numbers start over): if the recording does not start with the server's
 * banner or a {@code session-start} packet, a synthetic banner line is put in front of each pass.
 */
public final class ReplayInput extends InputStream {

    /** Sleeps for a number of milliseconds; injectable for tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    static final String SYNTHETIC_BANNER =
            "   0.000 1970-01-01 00:00:00; Factorio 0.0.0 (build 0, kafka-pipe replay)\n";
    private static final int MAX_REPLAY_LINE = ConsoleSplitter.MAX_LINE_BYTES;

    private final Path file;
    private final double speed;
    private final boolean loop;
    private final LongSupplier clockMillis;
    private final Sleeper sleeper;
    private final boolean needsBanner;

    private InputStream in;
    private boolean passHadBytes;
    private boolean bannerPending;
    private byte[] current = new byte[0];
    private int pos;
    private long passStartMillis;
    private long firstTick = -1;
    private long lastTick = -1;
    private boolean eof;

    ReplayInput(Path file, double speed, boolean loop, LongSupplier clockMillis, Sleeper sleeper) throws IOException {
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("invalid replay speed " + speed + ": use 0 (as fast as possible) or a positive factor, e.g. 1 or 10");
        }
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new IllegalArgumentException("cannot read replay file '" + file + "': pass a readable recorded console file");
        }
        this.file = file;
        this.speed = speed;
        this.loop = loop;
        this.clockMillis = clockMillis;
        this.sleeper = sleeper;
        this.needsBanner = !startsSession(file);
        openPass();
    }

    /**
     * A replay of {@code file} paced in real time times {@code speed} (0 = as fast as possible),
     * starting over at EOF forever if {@code loop}.
     */
    public static InputStream paced(Path file, double speed, boolean loop) {
        try {
            return new ReplayInput(file, speed, loop, System::currentTimeMillis, Thread::sleep);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open replay file " + file, e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos >= current.length && !nextLine()) {
            return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        eof = true;
        if (in != null) {
            in.close();
        }
    }

    private boolean nextLine() throws IOException {
        while (!eof) {
            if (bannerPending) {
                bannerPending = false;
                setCurrent(SYNTHETIC_BANNER.getBytes(StandardCharsets.US_ASCII));
                return true;
            }
            byte[] line = readLine(in);
            if (line != null) {
                passHadBytes = true;
                pace(line);
                setCurrent(line);
                return true;
            }
            in.close();
            if (!loop || !passHadBytes) {
                eof = true;
                return false;
            }
            openPass();
        }
        return false;
    }

    private void setCurrent(byte[] line) {
        current = line;
        pos = 0;
    }

    private void openPass() throws IOException {
        in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        passHadBytes = false;
        bannerPending = needsBanner;
        firstTick = -1;
        lastTick = -1;
    }

    private void pace(byte[] line) throws IOException {
        if (!startsWith(line, ConsoleFraming.WHOLE_PREFIX)) {
            return;
        }
        long tick = PacketPeek.tick(ConsoleFraming.wholePayload(text(line)));
        if (tick < 0) {
            return;
        }
        if (firstTick < 0 || tick < lastTick) {
            firstTick = tick;
            passStartMillis = clockMillis.getAsLong();
        }
        lastTick = tick;
        if (speed == 0) {
            return;
        }
        long due = passStartMillis + Math.round((tick - firstTick) * 1000.0 / 60.0 / speed);
        long wait = due - clockMillis.getAsLong();
        if (wait > 0) {
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("replay interrupted");
            }
        }
    }

    /** Whether the file's first line is the banner or a session-start packet. */
    private static boolean startsSession(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            byte[] first = readLine(in);
            if (first == null) {
                return false;
            }
            String text = text(first);
            if (PacketFramer.BANNER.matcher(text).find()) {
                return true;
            }
            return text.startsWith(ConsoleFraming.WHOLE_PREFIX)
                    && PacketType.SESSION_START.wireName().equals(PacketPeek.type(ConsoleFraming.wholePayload(text)));
        }
    }

    /** The next line with its {@code '\n'}, or {@code null} at EOF. Longer lines come in pieces. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        int c;
        while ((c = in.read()) != -1) {
            out.write(c);
            if (c == '\n' || out.size() >= MAX_REPLAY_LINE) {
                break;
            }
        }
        return out.size() == 0 ? null : out.toByteArray();
    }

    private static boolean startsWith(byte[] line, String prefix) {
        if (line.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (line[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] line) {
        int n = line.length;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) {
            n--;
        }
        return new String(line, 0, n, StandardCharsets.UTF_8);
    }
}
