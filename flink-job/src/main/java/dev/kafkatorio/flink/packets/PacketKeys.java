package dev.kafkatorio.flink.packets;

import dev.kafkatorio.protocol.Keys;
import org.apache.flink.api.java.functions.KeySelector;

/** Key selectors of decoded packets; every key is a string built from protocol ids. */
public final class PacketKeys {

    private PacketKeys() {}

    /** Key of de-duplication: {@code <server>/<session>} (a server id never contains {@code /}). */
    public static final class BySession implements KeySelector<DecodedPacket, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(DecodedPacket packet) {
            return packet.server() + "/" + packet.session();
        }
    }

    /** Key of player state: {@link Keys#player} ({@code <server>/<index>}); player packets only. */
    public static final class ByPlayer implements KeySelector<DecodedPacket, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(DecodedPacket packet) {
            return Keys.player(packet.server(), packet.player().index());
        }
    }

    /** Key of server status: {@link Keys#server}. */
    public static final class ByServer implements KeySelector<DecodedPacket, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(DecodedPacket packet) {
            return Keys.server(packet.server());
        }
    }
}
