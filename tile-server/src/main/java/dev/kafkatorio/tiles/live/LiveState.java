package dev.kafkatorio.tiles.live;

import dev.kafkatorio.protocol.PlayerUpdate;
import dev.kafkatorio.protocol.ServerStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * The materialised compacted topics: latest {@link ServerStatus} per server and latest {@link
 * PlayerUpdate} per (server, player index). Thread-safe: one writer (the consumer), many readers
 * (HTTP and WebSocket threads).
 */
public final class LiveState {

    private final Map<String, ServerStatus> servers = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<Integer, PlayerUpdate>> players =
            new ConcurrentHashMap<>();

    public void putServer(String server, ServerStatus status) {
        servers.put(server, status);
    }

    /** A tombstone on the servers topic. */
    public void removeServer(String server) {
        servers.remove(server);
    }

    public void putPlayer(String server, int index, PlayerUpdate update) {
        players.computeIfAbsent(server, s -> new ConcurrentSkipListMap<>()).put(index, update);
    }

    /** A tombstone on the players topic. */
    public void removePlayer(String server, int index) {
        players.computeIfPresent(server, (s, m) -> {
            m.remove(index);
            return m.isEmpty() ? null : m;
        });
    }

    /** Every server with a status or at least one player, sorted by id. */
    public List<String> serverIds() {
        TreeSet<String> ids = new TreeSet<>(servers.keySet());
        ids.addAll(players.keySet());
        return List.copyOf(ids);
    }

    public boolean knows(String server) {
        return servers.containsKey(server) || players.containsKey(server);
    }

    public Optional<ServerStatus> status(String server) {
        return Optional.ofNullable(servers.get(server));
    }

    /** The server's players ordered by index (empty if none). */
    public List<PlayerUpdate> players(String server) {
        ConcurrentSkipListMap<Integer, PlayerUpdate> m = players.get(server);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    public int playerCount(String server) {
        ConcurrentSkipListMap<Integer, PlayerUpdate> m = players.get(server);
        return m == null ? 0 : m.size();
    }

    /**
     * The current state as messages (a {@code server} message per matching server, then a {@code
     * player} message per known player) — what a WebSocket client gets first.
     */
    public List<LiveMessage> snapshot(Predicate<String> serverFilter, long sentAt) {
        List<LiveMessage> out = new ArrayList<>();
        List<String> ids = serverIds().stream().filter(serverFilter).toList();
        for (String id : ids) {
            ServerStatus s = servers.get(id);
            if (s != null) {
                out.add(LiveMessage.server(s, sentAt));
            }
        }
        for (String id : ids) {
            for (PlayerUpdate p : players(id)) {
                out.add(LiveMessage.player(p, sentAt));
            }
        }
        return out;
    }
}
