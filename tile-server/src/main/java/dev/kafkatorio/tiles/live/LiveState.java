package dev.kafkatorio.tiles.live;

import dev.kafkatorio.protocol.PlayerUpdate;
import dev.kafkatorio.protocol.ServerStatus;
import dev.kafkatorio.protocol.SurfaceUpdate;
import dev.kafkatorio.protocol.TagUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * The materialised compacted topics: latest {@link ServerStatus} per server, latest {@link
 * PlayerUpdate} per (server, player index), latest {@link SurfaceUpdate} per (server, surface), the
 * map tags ({@link TagUpdate} per (server, surface, id)) and the servers that have stored tiles. Thread-safe: one writer per kind (the state consumer for
 * players and servers, the tile consumer for surfaces and tile servers), many readers (HTTP and
 * WebSocket threads).
 */
public final class LiveState {

    private final Map<String, ServerStatus> servers = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<Integer, PlayerUpdate>> players =
            new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<Integer, SurfaceUpdate>> surfaces =
            new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<TagId, TagUpdate>> tags = new ConcurrentHashMap<>();
    private volatile Set<String> tileServers = Set.of();

    private record TagId(int surface, long id) implements Comparable<TagId> {
        @Override
        public int compareTo(TagId o) {
            int c = Integer.compare(surface, o.surface);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    public void putTag(TagUpdate tag) {
        tags.computeIfAbsent(tag.server(), s -> new ConcurrentSkipListMap<>())
                .put(new TagId(tag.surface(), tag.id()), tag);
    }

    /** A tombstone on the tags topic. */
    public void removeTag(String server, int surface, long id) {
        tags.computeIfPresent(server, (s, m) -> {
            m.remove(new TagId(surface, id));
            return m.isEmpty() ? null : m;
        });
    }

    /** Forgets every tag (the tags topic is being re-read from its start). */
    public void clearTags() {
        tags.clear();
    }

    /** The tags of one surface of a server, by id. */
    public List<TagUpdate> tags(String server, int surface) {
        ConcurrentSkipListMap<TagId, TagUpdate> m = tags.get(server);
        if (m == null) {
            return List.of();
        }
        return List.copyOf(m.subMap(new TagId(surface, Long.MIN_VALUE), true,
                new TagId(surface, Long.MAX_VALUE), true).values());
    }

    /** The name of a player if known, else null. */
    public String playerName(String server, int index) {
        ConcurrentSkipListMap<Integer, PlayerUpdate> m = players.get(server);
        PlayerUpdate p = m == null ? null : m.get(index);
        return p == null ? null : p.name();
    }

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

    public void putSurface(SurfaceUpdate update) {
        surfaces.computeIfAbsent(update.server(), s -> new ConcurrentSkipListMap<>())
                .put(update.surface(), update);
    }

    /** A tombstone on the surfaces topic. */
    public void removeSurface(String server, int surface) {
        surfaces.computeIfPresent(server, (s, m) -> {
            m.remove(surface);
            return m.isEmpty() ? null : m;
        });
    }

    /** Forgets every surface (the surfaces topic is being re-read from its start). */
    public void clearSurfaces() {
        surfaces.clear();
    }

    /** The server's surfaces ordered by index (empty if none). */
    public List<SurfaceUpdate> surfaces(String server) {
        ConcurrentSkipListMap<Integer, SurfaceUpdate> m = surfaces.get(server);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    public int surfaceCount(String server) {
        ConcurrentSkipListMap<Integer, SurfaceUpdate> m = surfaces.get(server);
        return m == null ? 0 : m.size();
    }

    /** Replaces the set of servers that have at least one stored tile. */
    public void setTileServers(Set<String> servers) {
        tileServers = Set.copyOf(servers);
    }

    /**
     * Every server with a status, a player, a surface or a stored tile, sorted by id.
     */
    public List<String> serverIds() {
        TreeSet<String> ids = new TreeSet<>(servers.keySet());
        ids.addAll(players.keySet());
        ids.addAll(surfaces.keySet());
        ids.addAll(tileServers);
        return List.copyOf(ids);
    }

    public boolean knows(String server) {
        return servers.containsKey(server) || players.containsKey(server)
                || surfaces.containsKey(server) || tileServers.contains(server);
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
     * surface} message per surface, a {@code tag} message per map tag, then a {@code player} message
     * per known player) — what a WebSocket client gets first. Tiles are not in it: the map fetches the
     * ones it shows. Restricted messages (players) are filtered per client by the broadcaster.
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
            for (SurfaceUpdate u : surfaces(id)) {
                out.add(LiveMessage.surface(u, sentAt));
            }
        }
        for (String id : ids) {
            ConcurrentSkipListMap<TagId, TagUpdate> m = tags.get(id);
            if (m != null) {
                for (TagUpdate t : m.values()) {
                    out.add(LiveMessage.tag(t, sentAt));
                }
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
