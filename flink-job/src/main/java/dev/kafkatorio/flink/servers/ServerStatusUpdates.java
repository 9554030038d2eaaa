package dev.kafkatorio.flink.servers;

import dev.kafkatorio.protocol.Heartbeat;
import dev.kafkatorio.protocol.ServerStatus;
import dev.kafkatorio.protocol.SessionStart;

/** How a server's status changes with each packet; plain logic without Flink. */
public final class ServerStatusUpdates {

    private ServerStatusUpdates() {}

    /**
     * The status after a packet. The session and tick follow the newest packet (a reloaded save goes
     * back in ticks); {@code lastPacketAt} only grows; {@code online} comes from heartbeats and the
     * versions from session-start packets.
     */
    public static ServerStatus apply(
            ServerStatus previous,
            String server,
            String session,
            long tick,
            long receivedAt,
            Heartbeat heartbeat,
            SessionStart sessionStart) {
        ServerStatus base =
                previous != null ? previous : new ServerStatus(1, server, session, tick, receivedAt, 0, "", "");
        return new ServerStatus(
                1,
                server,
                session,
                tick,
                Math.max(base.lastPacketAt(), receivedAt),
                heartbeat != null ? heartbeat.online() : base.online(),
                sessionStart != null ? sessionStart.modVersion() : base.modVersion(),
                sessionStart != null ? sessionStart.gameVersion() : base.gameVersion());
    }
}
