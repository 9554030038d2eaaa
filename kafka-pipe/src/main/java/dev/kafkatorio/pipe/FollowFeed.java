package dev.kafkatorio.pipe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Follow mode for embedders (the local stack): a log file followed like {@code tail -F}, with the read
 * position and session kept in a position file, so a restart continues where the last run safely got
 * to. Give {@link #storedSession()} to {@link PipeConfig.Builder#resumeSession}, start the pipe, {@link
 * #attach} it, then {@link KafkaPipe#pump} this stream. {@link #close()} ends the stream (storing the
 * final position) from any thread.
 */
public final class FollowFeed extends InputStream {

    private final FollowInput input;

    private FollowFeed(FollowInput input) {
        this.input = input;
    }

    /** Follows {@code file} (it may not exist yet), keeping the position in {@code positionFile}. */
    public static FollowFeed open(Path file, Path positionFile) {
        return new FollowFeed(new FollowInput(file, new PositionFile(positionFile), 100, 200));
    }

    /** The session of the run that stored the position, to resume; empty on a first start. */
    public Optional<String> storedSession() {
        PositionFile.Position p = input.storedPosition();
        return p == null ? Optional.empty() : Optional.ofNullable(p.session());
    }

    /** Connects the pipe whose progress decides the stored position; before the first read. */
    public void attach(KafkaPipe pipe) {
        input.progress(pipe.followProgress());
    }

    @Override
    public int read() throws IOException {
        return input.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return input.read(b, off, len);
    }

    /** Makes the next read store the position and return EOF; the reader closes the file. */
    @Override
    public void close() {
        input.stop();
    }

    /** Closes the followed file (reader thread, after EOF). */
    public void release() throws IOException {
        input.close();
    }
}
