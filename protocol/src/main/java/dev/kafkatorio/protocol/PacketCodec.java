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
                    case SURFACE -> decodeSurface(data);
                    case PROTOTYPES -> decodePrototypes(data);
                    case CHUNK -> decodeChunk(data);
                    case CHART -> new GameChart(
                            surfaceIndex(data), chunkCoord(data, "cx"), chunkCoord(data, "cy"), requireText(data, "data"));
                    case TILES -> decodeTiles(data);
                    case CHUNKS_DELETED -> decodeChunksDeleted(data);
                    case ENTITIES -> decodeEntities(data);
                    case CHUNK_ENTITIES -> decodeChunkEntities(data);
                    case TAG -> decodeTag(data);
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

    /** Largest chunk coordinate accepted (the game's map is at most 2,000,000 tiles wide). */
    public static final int MAX_CHUNK_COORD = 1 << 16;

    private static SurfaceInfo decodeSurface(JsonNode data) throws PacketDecodeException {
        String kind = requireText(data, "kind");
        if (!SurfaceInfo.KINDS.contains(kind)) {
            throw new PacketDecodeException("unknown surface kind '" + kind + "'");
        }
        String event = requireText(data, "event");
        if (!SurfaceInfo.EVENTS.contains(event)) {
            throw new PacketDecodeException("unknown surface event '" + event + "'");
        }
        JsonNode planet = data.get("planet");
        return new SurfaceInfo(
                (int) requireLong(data, "index", 1, Integer.MAX_VALUE),
                requireText(data, "name"),
                kind,
                planet == null || planet.isNull() ? "" : requireText(data, "planet"),
                event);
    }

    private static Prototypes decodePrototypes(JsonNode data) throws PacketDecodeException {
        String[][] tiles = colourMap(data, "tiles", true);
        String[][] resources = colourMap(data, "resources", false);
        return new Prototypes(tiles[0], tiles[1], resources[0], resources[1], entityPrototypes(data));
    }

    private static EntityPrototype[] entityPrototypes(JsonNode data) throws PacketDecodeException {
        JsonNode node = data.get("entities");
        if (node == null || node.isNull() || (node.isObject() && node.isEmpty())) {
            return new EntityPrototype[0];
        }
        if (!node.isObject()) {
            throw new PacketDecodeException("field 'entities' must be an object of name to {type, w, h, colours}");
        }
        java.util.TreeMap<String, EntityPrototype> sorted = new java.util.TreeMap<>();
        for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode p = e.getValue();
            if (!p.isObject()) {
                throw new PacketDecodeException("entity prototype '" + e.getKey() + "' must be an object");
            }
            sorted.put(e.getKey(), new EntityPrototype(e.getKey(), requireText(p, "type"),
                    (int) requireLong(p, "w", 0, 1024), (int) requireLong(p, "h", 0, 1024),
                    optionalColour(p, "color"), optionalColour(p, "friendly"), optionalColour(p, "enemy")));
        }
        return sorted.values().toArray(new EntityPrototype[0]);
    }

    private static String optionalColour(JsonNode node, String field) throws PacketDecodeException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual() || !COLOR.matcher(v.textValue()).matches()) {
            throw new PacketDecodeException("field '" + field + "' must look like #rrggbb");
        }
        return v.textValue();
    }

    private static Entities decodeEntities(JsonNode data) throws PacketDecodeException {
        JsonNode list = require(data, "changes");
        if (!list.isArray() || list.isEmpty()) {
            throw new PacketDecodeException("field 'changes' must be a non-empty array");
        }
        EntityChange[] changes = new EntityChange[list.size()];
        for (int i = 0; i < changes.length; i++) {
            JsonNode c = list.get(i);
            if (!c.isObject()) {
                throw new PacketDecodeException("change " + i + " is not an object");
            }
            String event = requireText(c, "event");
            if (!EntityChange.EVENTS.contains(event)) {
                throw new PacketDecodeException("change " + i + ": unknown entity event '" + event + "'");
            }
            String cause = optionalText(c, "cause", "game");
            if (!EntityChange.CAUSES.contains(cause)) {
                throw new PacketDecodeException("change " + i + ": unknown cause '" + cause + "'");
            }
            double[] from = {0, 0};
            JsonNode fromNode = c.get("from");
            if ("teleported".equals(event)) {
                if (fromNode == null || !fromNode.isArray() || fromNode.size() != 2
                        || !fromNode.get(0).isNumber() || !fromNode.get(1).isNumber()) {
                    throw new PacketDecodeException("change " + i + ": teleported needs 'from': [x, y]");
                }
                from = new double[] {fromNode.get(0).doubleValue(), fromNode.get(1).doubleValue()};
            }
            changes[i] = new EntityChange(event, optionalLong(c, "unit"), requireText(c, "name"), requireText(c, "type"),
                    requireNumber(c, "x"), requireNumber(c, "y"), (int) optionalLong(c, "dir"),
                    optionalText(c, "force", ""), optionalText(c, "quality", ""), (int) optionalLong(c, "player"),
                    cause, from[0], from[1], optionalText(c, "previous", ""));
        }
        return new Entities(surfaceIndex(data), changes);
    }

    private static ChunkEntities decodeChunkEntities(JsonNode data) throws PacketDecodeException {
        JsonNode list = require(data, "entities");
        if (list.isObject() && list.isEmpty()) {
            list = MAPPER.createArrayNode();
        }
        if (!list.isArray()) {
            throw new PacketDecodeException("field 'entities' must be an array");
        }
        EntityState[] entities = new EntityState[list.size()];
        for (int i = 0; i < entities.length; i++) {
            JsonNode e = list.get(i);
            if (!e.isObject()) {
                throw new PacketDecodeException("entity " + i + " is not an object");
            }
            entities[i] = new EntityState(optionalLong(e, "unit"), requireText(e, "name"), requireText(e, "type"),
                    requireNumber(e, "x"), requireNumber(e, "y"), (int) optionalLong(e, "dir"),
                    optionalText(e, "force", ""), optionalText(e, "quality", ""));
        }
        return new ChunkEntities(surfaceIndex(data), chunkCoord(data, "cx"), chunkCoord(data, "cy"),
                requireText(data, "digest"), entities);
    }

    private static MapTag decodeTag(JsonNode data) throws PacketDecodeException {
        String event = requireText(data, "event");
        if (!MapTag.EVENTS.contains(event)) {
            throw new PacketDecodeException("unknown tag event '" + event + "'");
        }
        return new MapTag(event, requireLong(data, "id", 0, Long.MAX_VALUE), surfaceIndex(data),
                requireNumber(data, "x"), requireNumber(data, "y"), optionalText(data, "text", ""),
                optionalText(data, "icon", ""), optionalText(data, "force", ""), (int) optionalLong(data, "player"));
    }

    private static String optionalText(JsonNode node, String field, String fallback) throws PacketDecodeException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new PacketDecodeException("field '" + field + "' must be a string");
        }
        return v.textValue();
    }

    private static long optionalLong(JsonNode node, String field) throws PacketDecodeException {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? 0 : requireLong(node, field, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static String[][] colourMap(JsonNode data, String field, boolean required) throws PacketDecodeException {
        JsonNode node = data.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new PacketDecodeException("missing object field '" + field + "'");
            }
            return new String[][] {new String[0], new String[0]};
        }
        if (!node.isObject()) {
            throw new PacketDecodeException("field '" + field + "' must be an object of name to #rrggbb");
        }
        java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
        for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            String colour = e.getValue().isTextual() ? e.getValue().textValue() : "";
            if (!COLOR.matcher(colour).matches()) {
                throw new PacketDecodeException(
                        "colour of '" + e.getKey() + "' in '" + field + "' must look like #rrggbb");
            }
            sorted.put(e.getKey(), colour);
        }
        return new String[][] {
            sorted.keySet().toArray(new String[0]), sorted.values().toArray(new String[0])
        };
    }

    private static ChunkTerrain decodeChunk(JsonNode data) throws PacketDecodeException {
        String[] palette = stringArray(data, "palette", 1, ChunkTerrain.SIZE * ChunkTerrain.SIZE);
        int[] runs = intArray(data, "runs");
        if (runs.length % 2 != 0) {
            throw new PacketDecodeException("field 'runs' must hold [palette index, length] pairs");
        }
        int total = 0;
        for (int i = 0; i < runs.length; i += 2) {
            if (runs[i] < 0 || runs[i] >= palette.length) {
                throw new PacketDecodeException("run " + i / 2 + " uses palette index " + runs[i] + " outside the palette");
            }
            if (runs[i + 1] < 1) {
                throw new PacketDecodeException("run " + i / 2 + " has length " + runs[i + 1]);
            }
            total += runs[i + 1];
        }
        if (total != ChunkTerrain.SIZE * ChunkTerrain.SIZE) {
            throw new PacketDecodeException("runs cover " + total + " tiles, a chunk has 1024");
        }
        String[] orePalette = new String[0];
        long[] ores = new long[0];
        JsonNode oreNode = data.get("ores");
        if (oreNode != null && !oreNode.isNull()) {
            if (!oreNode.isObject()) {
                throw new PacketDecodeException("field 'ores' must be an object {palette, cells}");
            }
            orePalette = stringArray(oreNode, "palette", 0, 1024);
            ores = longArray(oreNode, "cells");
            if (ores.length % 4 != 0) {
                throw new PacketDecodeException("field 'ores.cells' must hold [index, dx, dy, amount] quadruples");
            }
            for (int i = 0; i < ores.length; i += 4) {
                if (ores[i] < 0 || ores[i] >= orePalette.length || ores[i + 1] < 0 || ores[i + 1] >= 32
                        || ores[i + 2] < 0 || ores[i + 2] >= 32 || ores[i + 3] < 0) {
                    throw new PacketDecodeException("ore cell " + i / 4 + " is out of range");
                }
            }
        }
        return new ChunkTerrain(surfaceIndex(data), chunkCoord(data, "cx"), chunkCoord(data, "cy"),
                requireText(data, "hash"), palette, runs, orePalette, ores);
    }

    private static TileChanges decodeTiles(JsonNode data) throws PacketDecodeException {
        String[] palette = stringArray(data, "palette", 1, 65536);
        int[] tiles = intArray(data, "tiles");
        if (tiles.length % 3 != 0) {
            throw new PacketDecodeException("field 'tiles' must hold [x, y, palette index] triples");
        }
        for (int i = 2; i < tiles.length; i += 3) {
            if (tiles[i] < 0 || tiles[i] >= palette.length) {
                throw new PacketDecodeException("tile " + i / 3 + " uses palette index " + tiles[i] + " outside the palette");
            }
        }
        return new TileChanges(surfaceIndex(data), palette, tiles);
    }

    private static ChunksDeleted decodeChunksDeleted(JsonNode data) throws PacketDecodeException {
        int[] chunks = intArray(data, "chunks");
        if (chunks.length % 2 != 0) {
            throw new PacketDecodeException("field 'chunks' must hold [cx, cy] pairs");
        }
        return new ChunksDeleted(surfaceIndex(data), chunks);
    }

    private static int surfaceIndex(JsonNode data) throws PacketDecodeException {
        return (int) requireLong(data, "surface", 1, Integer.MAX_VALUE);
    }

    private static int chunkCoord(JsonNode data, String field) throws PacketDecodeException {
        return (int) requireLong(data, field, -MAX_CHUNK_COORD, MAX_CHUNK_COORD);
    }

    private static String[] stringArray(JsonNode data, String field, int min, int max) throws PacketDecodeException {
        JsonNode node = require(data, field);
        if (node.isObject() && node.isEmpty() && min == 0) {
            return new String[0]; // Lua's table_to_json writes an empty table as {}
        }
        if (!node.isArray() || node.size() < min || node.size() > max) {
            throw new PacketDecodeException("field '" + field + "' must be an array of " + min + ".." + max + " strings");
        }
        String[] out = new String[node.size()];
        for (int i = 0; i < out.length; i++) {
            if (!node.get(i).isTextual()) {
                throw new PacketDecodeException("field '" + field + "' must hold strings");
            }
            out[i] = node.get(i).textValue();
        }
        return out;
    }

    private static int[] intArray(JsonNode data, String field) throws PacketDecodeException {
        long[] longs = longArray(data, field);
        int[] out = new int[longs.length];
        for (int i = 0; i < longs.length; i++) {
            if (longs[i] < Integer.MIN_VALUE || longs[i] > Integer.MAX_VALUE) {
                throw new PacketDecodeException("field '" + field + "' holds " + longs[i] + ", out of range");
            }
            out[i] = (int) longs[i];
        }
        return out;
    }

    private static long[] longArray(JsonNode data, String field) throws PacketDecodeException {
        JsonNode node = require(data, field);
        // Lua's table_to_json writes an empty table as {} — accept it as an empty array
        if (node.isObject() && node.isEmpty()) {
            return new long[0];
        }
        if (!node.isArray()) {
            throw new PacketDecodeException("field '" + field + "' must be an array of integers");
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isNumber() || v.doubleValue() != Math.rint(v.doubleValue())) {
                throw new PacketDecodeException("field '" + field + "' must hold integers");
            }
            out[i] = v.longValue();
        }
        return out;
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
        } else if (payload instanceof SurfaceInfo si) {
            data.put("index", si.index());
            data.put("name", si.name());
            data.put("kind", si.kind());
            data.put("planet", si.planet());
            data.put("event", si.event());
        } else if (payload instanceof Prototypes pr) {
            ObjectNode tiles = data.putObject("tiles");
            for (int i = 0; i < pr.tileNames().length; i++) {
                tiles.put(pr.tileNames()[i], pr.tileColors()[i]);
            }
            ObjectNode resources = data.putObject("resources");
            for (int i = 0; i < pr.resourceNames().length; i++) {
                resources.put(pr.resourceNames()[i], pr.resourceColors()[i]);
            }
            ObjectNode entities = data.putObject("entities");
            for (EntityPrototype e : pr.entities()) {
                ObjectNode n = entities.putObject(e.name());
                n.put("type", e.type());
                n.put("w", e.width());
                n.put("h", e.height());
                putIfSet(n, "color", e.mapColor());
                putIfSet(n, "friendly", e.friendlyColor());
                putIfSet(n, "enemy", e.enemyColor());
            }
        } else if (payload instanceof ChunkTerrain c) {
            data.put("surface", c.surface());
            data.put("cx", c.cx());
            data.put("cy", c.cy());
            data.put("hash", c.hash());
            putStrings(data.putArray("palette"), c.palette());
            java.util.Arrays.stream(c.runs()).forEach(data.putArray("runs")::add);
            ObjectNode ores = data.putObject("ores");
            putStrings(ores.putArray("palette"), c.orePalette());
            java.util.Arrays.stream(c.ores()).forEach(ores.putArray("cells")::add);
        } else if (payload instanceof GameChart g) {
            data.put("surface", g.surface());
            data.put("cx", g.cx());
            data.put("cy", g.cy());
            data.put("data", g.data());
        } else if (payload instanceof TileChanges t) {
            data.put("surface", t.surface());
            putStrings(data.putArray("palette"), t.palette());
            java.util.Arrays.stream(t.tiles()).forEach(data.putArray("tiles")::add);
        } else if (payload instanceof ChunksDeleted d) {
            data.put("surface", d.surface());
            java.util.Arrays.stream(d.chunks()).forEach(data.putArray("chunks")::add);
        } else if (payload instanceof Entities en) {
            data.put("surface", en.surface());
            var list = data.putArray("changes");
            for (EntityChange c : en.changes()) {
                ObjectNode n = list.addObject();
                n.put("event", c.event());
                if (c.unit() != 0) {
                    n.put("unit", c.unit());
                }
                n.put("name", c.name());
                n.put("type", c.type());
                n.put("x", c.x());
                n.put("y", c.y());
                n.put("dir", c.direction());
                putIfSet(n, "force", c.force());
                putIfSet(n, "quality", c.quality());
                if (c.player() != 0) {
                    n.put("player", c.player());
                }
                n.put("cause", c.cause());
                if ("teleported".equals(c.event())) {
                    n.putArray("from").add(c.fromX()).add(c.fromY());
                }
                putIfSet(n, "previous", c.previousName());
            }
        } else if (payload instanceof ChunkEntities ce) {
            data.put("surface", ce.surface());
            data.put("cx", ce.cx());
            data.put("cy", ce.cy());
            data.put("digest", ce.digest());
            var list = data.putArray("entities");
            for (EntityState e : ce.entities()) {
                ObjectNode n = list.addObject();
                if (e.unit() != 0) {
                    n.put("unit", e.unit());
                }
                n.put("name", e.name());
                n.put("type", e.type());
                n.put("x", e.x());
                n.put("y", e.y());
                n.put("dir", e.direction());
                putIfSet(n, "force", e.force());
                putIfSet(n, "quality", e.quality());
            }
        } else if (payload instanceof MapTag t) {
            data.put("event", t.event());
            data.put("id", t.id());
            data.put("surface", t.surface());
            data.put("x", t.x());
            data.put("y", t.y());
            data.put("text", t.text());
            putIfSet(data, "icon", t.icon());
            putIfSet(data, "force", t.force());
            if (t.player() != 0) {
                data.put("player", t.player());
            }
        }
        return root.toString();
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }

    private static void putStrings(com.fasterxml.jackson.databind.node.ArrayNode array, String[] values) {
        for (String v : values) {
            array.add(v);
        }
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
