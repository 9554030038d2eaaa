package dev.kafkatorio.protocol;

/**
 * Value of the {@link Topics#PLAYERS} topic: the latest state of one player of one server.
 *
 * @param v record version (1)
 * @param server server id
 * @param session console session the update came from
 * @param seq packet sequence number within the session
 * @param tick game tick
 * @param index player index
 * @param name player name (user input: render as text)
 * @param event what happened last (see {@link PlayerState#EVENTS})
 * @param surface index of the physical surface
 * @param x physical position x, game tiles
 * @param y physical position y, game tiles
 * @param color {@code #rrggbb}
 * @param connected whether connected
 * @param receivedAt when kafka-pipe read the packet line, epoch ms
 */
public record PlayerUpdate(
        int v,
        String server,
        String session,
        long seq,
        long tick,
        int index,
        String name,
        String event,
        int surface,
        double x,
        double y,
        String color,
        boolean connected,
        long receivedAt) {

    /** Builds the update for a decoded player packet. */
    public static PlayerUpdate of(String server, String session, long seq, long tick, PlayerState p, long receivedAt) {
        return new PlayerUpdate(
                1, server, session, seq, tick, p.index(), p.name(), p.event(), p.surface(), p.x(), p.y(),
                p.color(), p.connected(), receivedAt);
    }
}
