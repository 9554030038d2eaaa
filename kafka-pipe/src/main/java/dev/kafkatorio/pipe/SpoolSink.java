package dev.kafkatorio.pipe;

import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PacketSink} of the reader thread: appends to the {@link Spool} and, when the spool is
 * full, drops and remembers how many packets of the session were lost. As soon as a packet fits
 * again (or the session changes, or the pipe closes), a gap record saying so is spooled first, and the
 * resync listener is told (in wrapper mode it types {@code /kafkatorio-resync} into the server).
 */
final class SpoolSink implements PacketSink {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolSink.class);

    private final Spool spool;
    private final PipeCounters counters;
    // console input decides how often these happen (e.g. sessions flipping while the spool is full)
    private final RateLimitedWarn fullWarn = new RateLimitedWarn(LOG, "Spool full: dropping packets until there is room; a gap record follows", 10_000);
    private final RateLimitedWarn gapWarn = new RateLimitedWarn(LOG, "Gap records spooled (packets dropped, spool full); resync requested", 10_000);
    private long fullEpisodes;
    private volatile LongConsumer onGap = dropped -> { };
    private String gapSession;
    private long gapCount;
    private long gapAt;

    SpoolSink(Spool spool, PipeCounters counters) {
        this.spool = spool;
        this.counters = counters;
    }

    /** Called (on the reader thread) after a gap record was spooled, with the number of packets lost. */
    void onGap(LongConsumer listener) {
        this.onGap = listener;
    }

    @Override
    public boolean offer(OutboundPacket packet) {
        if (gapCount > 0) {
            if (!packet.session().equals(gapSession)) {
                writeGap(true); // the gap belongs to the old session: report it there now
            } else if (!writeGap(false)) {
                gapCount++;
                return false;
            }
        }
        if (spool.tryAppend(packet)) {
            return true;
        }
        if (gapCount == 0) {
            gapSession = packet.session();
            gapAt = packet.receivedAt();
            fullWarn.event(++fullEpisodes, spool.depthRecords() + " records, " + spool.depthBytes() + " bytes, session " + gapSession);
        }
        gapCount++;
        return false;
    }

    /** Spools the pending gap record, if any, even past the capacity (at session change and close). */
    void flushGap() {
        if (gapCount > 0) {
            writeGap(true);
        }
    }

    private boolean writeGap(boolean force) {
        OutboundPacket gap = OutboundPacket.gap(gapSession, Math.max(gapAt, System.currentTimeMillis()), gapCount);
        if (force) {
            spool.forceAppend(gap);
        } else if (!spool.tryAppend(gap)) {
            return false;
        }
        long lost = gapCount;
        gapCount = 0;
        long gaps = counters.gaps.incrementAndGet();
        gapWarn.event(gaps, lost + " packets of session " + gapSession + " dropped");
        onGap.accept(lost);
        return true;
    }
}
