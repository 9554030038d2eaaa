package dev.kafkatorio.pipe;

import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passthrough stdout: if whoever reads kafka-pipe's stdout goes away (EPIPE), kafka-pipe logs one
 * WARN and discards the passthrough from then on, but keeps draining the console and shipping packets
 * (the game must never notice).
 */
final class SafeOutput extends OutputStream {

    private static final Logger LOG = LoggerFactory.getLogger(SafeOutput.class);
    private final OutputStream out;
    private volatile boolean broken;

    SafeOutput(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (broken) {
            return;
        }
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public void flush() {
        if (broken) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        broken = true;
        LOG.warn("stdout is gone ({}); discarding the console passthrough from now on, still shipping packets", e.toString());
    }
}
