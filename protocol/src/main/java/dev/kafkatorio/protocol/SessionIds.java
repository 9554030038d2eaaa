package dev.kafkatorio.protocol;

/**
 * Console session ids, assigned by kafka-pipe: {@code <pipe start, epoch ms>.<n>} where {@code n}
 * counts the sessions this kafka-pipe process has started (1 for the first). De-duplication is per
 * (server, session, seq), so a save reloaded after a crash, which reuses sequence numbers, is never
 * mistaken for duplicates.
 */
public final class SessionIds {
    private SessionIds() {}

    /** The id of the {@code n}-th session of a pipe started at {@code pipeStartMillis}. */
    public static String of(long pipeStartMillis, long n) {
        return pipeStartMillis + "." + n;
    }
}
