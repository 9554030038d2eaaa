package dev.kafkatorio.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;

/**
 * The one codec of console packets (the JSON after the console marker).
 *
 * <p>Decoding is strict about what it needs (version, type, envelope and body fields with the right
 * types) and lenient about the rest: unknown fields are ignored so that a newer mod can add fields
 * without breaking an older job. Every rejection carries a reason meant for a human reading the
 * dead-letter topic.
 */
public final class PacketCodec {

    /** The protocol version this codec reads and writes. */
    public static final int VERSION = 1;

    private static final Pattern COLOR = Pattern.compile("^#[0-9a-f]{6}$");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PacketCodec() {}

    /** Decodes one packet's JSON. */
    public static Packet decode(String json) throws PacketDecodeException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PacketDecodeException("not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new PacketDecodeException("packet is not a JSON object");
        }
        int version = (int) requireLong(root, "v", 1, Integer.MAX_VALUE);
        if (version != VERSION) {
            throw new PacketDecodeException(
                    "unsupported protocol version " + version + " (this reader understands " + VERSION + ")");
        }
        String typeName = requireText(root, "type");
        PacketType type = PacketType.fromWireName(typeName);
        if (type == null) {
            throw new PacketDecodeException("unknown packet type '" + typeName + "'");
        }
        long tick = requireLong(root, "tick", 0, Long.MAX_VALUE);
        long seq = requireLong(root, "seq", 0, Long.MAX_VALUE);
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw new PacketDecodeException("missing object field 'data'");
        }
        Payload payload =
                switch (type) {
                    case SESSION_START -> new SessionStart(
                            requireText(data, "mod"), requireText(data, "game"), requireText(data, "reason"));
                    case HEARTBEAT -> new Heartbeat((int) requireLong(data, "online", 0, Integer.MAX_VALUE));
                    case PLAYER -> decodePlayer(data);
                };
        return new Packet(version, type, tick, seq, payload);
    }

    private static PlayerState decodePlayer(JsonNode data) throws PacketDecodeException {
        String event = requireText(data, "event");
        if (!PlayerState.EVENTS.contains(event)) {
            throw new PacketDecodeException("unknown player event '" + event + "'");
        }
        String color = requireText(data, "color");
        if (!COLOR.matcher(color).matches()) {
            throw new PacketDecodeException("field 'color' must look like #rrggbb, got '" + color + "'");
        }
        return new PlayerState(
                (int) requireLong(data, "index", 1, Integer.MAX_VALUE),
                requireText(data, "name"),
                event,
                (int) requireLong(data, "surface", 1, Integer.MAX_VALUE),
                requireNumber(data, "x"),
                requireNumber(data, "y"),
                color,
                requireBoolean(data, "connected"));
    }

    /** Encodes a packet as the compact JSON the mod prints. */
    public static String encode(Packet packet) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("v", packet.version());
        root.put("type", packet.type().wireName());
        root.put("tick", packet.tick());
        root.put("seq", packet.seq());
        ObjectNode data = root.putObject("data");
        Payload payload = packet.payload();
        if (payload instanceof SessionStart s) {
            data.put("mod", s.modVersion());
            data.put("game", s.gameVersion());
            data.put("reason", s.reason());
        } else if (payload instanceof Heartbeat h) {
            data.put("online", h.online());
        } else if (payload instanceof PlayerState p) {
            data.put("index", p.index());
            data.put("name", p.name());
            data.put("event", p.event());
            data.put("surface", p.surface());
            data.put("x", p.x());
            data.put("y", p.y());
            data.put("color", p.color());
            data.put("connected", p.connected());
        }
        return root.toString();
    }

    private static JsonNode require(JsonNode node, String field) throws PacketDecodeException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new PacketDecodeException("missing field '" + field + "'");
        }
        return value;
    }

    private static String requireText(JsonNode node, String field) throws PacketDecodeException {
        JsonNode value = require(node, field);
        if (!value.isTextual()) {
            throw new PacketDecodeException("field '" + field + "' must be a string");
        }
        return value.textValue();
    }

    private static long requireLong(JsonNode node, String field, long min, long max)
            throws PacketDecodeException {
        JsonNode value = require(node, field);
        // Lua numbers are doubles: 12.0 is an integer, 12.5 is not
        if (!value.isNumber() || (!value.isIntegralNumber() && value.doubleValue() != Math.rint(value.doubleValue()))) {
            throw new PacketDecodeException("field '" + field + "' must be an integer");
        }
        long v = value.longValue();
        if (v < min || v > max) {
            throw new PacketDecodeException("field '" + field + "' out of range: " + v);
        }
        return v;
    }

    private static double requireNumber(JsonNode node, String field) throws PacketDecodeException {
        JsonNode value = require(node, field);
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw new PacketDecodeException("field '" + field + "' must be a number");
        }
        return value.doubleValue();
    }

    private static boolean requireBoolean(JsonNode node, String field) throws PacketDecodeException {
        JsonNode value = require(node, field);
        if (!value.isBoolean()) {
            throw new PacketDecodeException("field '" + field + "' must be a boolean");
        }
        return value.booleanValue();
    }
}
