package dev.kafkatorio.protocol;

/**
 * Value of the {@link Topics#DEAD_LETTERS} topic: a packet line that could not be used, and why.
 *
 * @param v record version (1)
 * @param server server id ({@code ""} if the record had none)
 * @param session console session ({@code ""} if the record had none)
 * @param reason why it was rejected, for humans
 * @param payload the offending payload as received (invalid UTF-8 replaced by U+FFFD)
 * @param source where it was read: {@code topic/partition/offset}
 * @param receivedAt when kafka-pipe read the line, epoch ms (0 if unknown)
 */
public record DeadLetter(
        int v, String server, String session, String reason, String payload, String source, long receivedAt) {}
