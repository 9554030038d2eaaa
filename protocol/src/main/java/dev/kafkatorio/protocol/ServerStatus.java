package dev.kafkatorio.protocol;

/**
 * Value of the {@link Topics#SERVERS} topic: what is known about one server's live feed.
 *
 * @param v record version (1)
 * @param server server id
 * @param session current console session
 * @param tick last game tick seen
 * @param lastPacketAt when kafka-pipe read the newest packet, epoch ms (drives "server offline")
 * @param online connected players at the last heartbeat
 * @param modVersion mod version from the session-start packet ({@code ""} if not seen)
 * @param gameVersion game version from the session-start packet ({@code ""} if not seen)
 */
public record ServerStatus(
        int v,
        String server,
        String session,
        long tick,
        long lastPacketAt,
        int online,
        String modVersion,
        String gameVersion) {}
