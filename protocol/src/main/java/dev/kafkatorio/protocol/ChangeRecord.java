package dev.kafkatorio.protocol;

/**
 * Value of the {@link Topics#CHANGES} topic: who built, removed or changed what, where and when —
 * one record per entity lifecycle event. Key: {@link Keys#server}.
 *
 * @param v record version (1)
 * @param server server id
 * @param session console session
 * @param seq packet sequence number (with {@code index}, unique within the session)
 * @param index position of the change inside its packet
 * @param tick game tick
 * @param event {@link EntityChange#EVENTS}
 * @param surface surface index
 * @param cx chunk x of the position
 * @param cy chunk y of the position
 * @param x position x
 * @param y position y
 * @param name entity name
 * @param type entity type
 * @param unit unit number, 0 if none
 * @param force force name
 * @param quality quality, {@code ""} if none
 * @param player responsible player index, 0 if unknown (names: see the players topic)
 * @param cause {@link EntityChange#CAUSES}
 * @param receivedAt when kafka-pipe read the packet, epoch ms
 */
public record ChangeRecord(
        int v, String server, String session, long seq, int index, long tick, String event, int surface, int cx,
        int cy, double x, double y, String name, String type, long unit, String force, String quality, int player,
        String cause, long receivedAt) {}
