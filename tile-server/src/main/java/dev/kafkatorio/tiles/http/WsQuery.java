package dev.kafkatorio.tiles.http;

import dev.kafkatorio.protocol.Keys;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The {@code /ws} query: no {@code server} parameter subscribes to all servers, {@code
 * ?server=<id>} to one. Pure logic: no Jetty types.
 *
 * @param server the one server subscribed to, or null for all
 */
public record WsQuery(String server) {

    /**
     * Parses the values of the {@code server} parameter (empty list when absent); empty when a value
     * is not a valid server id or there are several.
     */
    public static Optional<WsQuery> parse(List<String> serverValues) {
        if (serverValues == null || serverValues.isEmpty()) {
            return Optional.of(new WsQuery(null));
        }
        if (serverValues.size() > 1) {
            return Optional.empty();
        }
        String id = serverValues.get(0);
        return id != null && Keys.SERVER_ID.matcher(id).matches()
                ? Optional.of(new WsQuery(id))
                : Optional.empty();
    }

    /** Which servers' messages this client receives. */
    public Predicate<String> serverFilter() {
        return server == null ? s -> true : server::equals;
    }
}
