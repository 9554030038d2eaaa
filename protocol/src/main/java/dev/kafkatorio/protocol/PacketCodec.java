package dev.kafkatorio.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The one codec of console packets (the JSON after the console marker).
 *
 * <p>Decoding is strict about what it needs (version, type, envelope and body fields with the right
 * types) and lenient about the rest: unknown fields are ignored so that a newer mod can add fields
 * without breaking an older job. Every rejection carries a reason meant for a human reading the
 * dead-letter topic (at most {@link #MAX_REASON_CHARS} characters; input quoted in it is cut short).
 *
 * <p><b>Bounds.</b> Console input is untrusted (any mod or script of the server can print a packet
 * line), so every value is range-checked here, where it enters, and nothing downstream has to
 * guess: the packet text is at most {@link #MAX_PACKET_CHARS} characters and {@link #MAX_DEPTH}
 * levels deep; integers must be exact integers (a JSON integer, or a decimal/exponent form whose
 * value is exactly integral) inside the field's range — never wrapped, rounded or saturated, so
 * {@code 18446744073709551617}, {@code 1e400} and {@code 1.5} are rejected where an integer is
 * expected; positions must be finite and within {@link #MAX_COORD} tiles of the origin, chunk
 * coordinates within {@link #MAX_CHUNK_COORD}; every string and array has a maximum length. The
 * limits are the constants below; docs/protocol.md lists them.
 */
public final class PacketCodec {

    /** The protocol version this codec reads and writes. */
    public static final int VERSION = 1;

    /** Longest packet accepted, in UTF-16 chars of the JSON text (4 MiB). */
    public static final int MAX_PACKET_CHARS = 4 << 20;

    /** Deepest nesting of JSON arrays/objects accepted (packets use at most 5 levels). */
    public static final int MAX_DEPTH = 16;

    /** Longest JSON number literal accepted, in chars (the mod prints at most ~24). */
    public static final int MAX_NUMBER_CHARS = 100;

    /** Largest integer the mod can count to exactly ({@code 2^53 − 1}: Lua numbers are doubles): tick, seq, unit, tag id. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    /** Largest |x| or |y| of a position, in tiles: the game's map is at most 2,000,000 tiles wide. */
    public static final int MAX_COORD = 1_000_000;

    /** Largest |cx| or |cy| of a chunk: {@code MAX_COORD / 32}. */
    public static final int MAX_CHUNK_COORD = MAX_COORD / ChunkTerrain.SIZE;

    /** Longest identifier (prototype, force, quality, type or planet name, version, hash, digest, icon). */
    public static final int MAX_NAME_CHARS = 512;

    /** Longest user text (player name, surface name, tag text). */
    public static final int MAX_TEXT_CHARS = 4096;

    /** Longest {@code chart} data string (base64 of ≤ ~2.1 KB of zlib data needs ~2.9 K). */
    public static final int MAX_CHART_CHARS = 16 * 1024;

    /** Most names in a palette (chunk tiles, chunk ores, tile changes). */
    public static final int MAX_PALETTE = 1024;

    /** Most tile changes in one {@code tiles} packet (the mod sends at most 1000). */
    public static final int MAX_TILE_CHANGES = 4096;

    /** Most chunks in one {@code chunks-deleted} packet. */
    public static final int MAX_DELETED_CHUNKS = 4096;

    /** Most changes in one {@code entities} packet (the mod sends at most 64). */
    public static final int MAX_ENTITY_CHANGES = 1024;

    /** Most entities in one {@code chunk-entities} snapshot (4 per tile). */
    public static final int MAX_CHUNK_ENTITIES = 4096;

    /** Most entries in each of the {@code prototypes} maps (tiles, resources, entities). */
    public static final int MAX_PROTOTYPES = 32_768;

    /** Largest entity prototype width or height, in tiles. */
    public static final int MAX_PROTOTYPE_SIZE = 1024;

    /** Largest resource amount ({@code uint32} in the game). */
    public static final long MAX_ORE_AMOUNT = 0xFFFF_FFFFL;

    /** Largest {@code defines.direction} (16-way). */
    public static final int MAX_DIRECTION = 15;

    /** Longest rejection reason. */
    public static final int MAX_REASON_CHARS = 512;

    /** Longest piece of input quoted in a reason. */
    private static final int QUOTE_CHARS = 64;

    private static final Pattern COLOR = Pattern.compile("^#[0-9a-f]{6}$");

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(MAX_NUMBER_CHARS)
                            .maxStringLength(MAX_PACKET_CHARS)
                            .maxNameLength(MAX_TEXT_CHARS)
                            .build())
                    .build())
            // exact decimals: 60.0 is the integer 60, 9007199254740993.0 is not rounded to 2^53
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private PacketCodec() {}

    /** Decodes one packet's JSON; anything it cannot accept is a {@link PacketDecodeException}, nothing else. */
    public static Packet decode(String json) throws PacketDecodeException {
        if (json == null) {
            throw new PacketDecodeException("no payload");
        }
        if (json.length() > MAX_PACKET_CHARS) {
            throw new PacketDecodeException(
                    "packet of " + json.length() + " chars is longer than the limit of " + MAX_PACKET_CHARS);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PacketDecodeException(cut("not valid JSON: " + e.getOriginalMessage(), MAX_REASON_CHARS));
        } catch (RuntimeException e) {
            // Jackson lets NumberFormatException out for numbers BigDecimal cannot hold (1e99999999999)
            throw new PacketDecodeException(cut("not valid JSON: " + e.getMessage(), MAX_REASON_CHARS));
        }
        if (root == null || !root.isObject()) {
            throw new PacketDecodeException("packet is not a JSON object");
        }
        int version = (int) requireLong(root, "v", 1, Integer.MAX_VALUE);
        if (version != VERSION) {
            throw new PacketDecodeException(
                    "unsupported protocol version " + version + " (this reader understands " + VERSION + ")");
        }
        String typeName = requireText(root, "type", MAX_NAME_CHARS);
        PacketType type = PacketType.fromWireName(typeName);
        if (type == null) {
            throw new PacketDecodeException("unknown packet type " + quote(typeName));
        }
        long tick = requireLong(root, "tick", 0, MAX_SAFE_INTEGER);
        long seq = requireLong(root, "seq", 0, MAX_SAFE_INTEGER);
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw new PacketDecodeException("missing object field 'data'");
        }
        Payload payload =
                switch (type) {
                    case SESSION_START -> new SessionStart(requireText(data, "mod", MAX_NAME_CHARS),
                            requireText(data, "game", MAX_NAME_CHARS), requireText(data, "reason", MAX_NAME_CHARS));
                    case HEARTBEAT -> new Heartbeat((int) requireLong(data, "online", 0, Integer.MAX_VALUE));
                    case PLAYER -> decodePlayer(data);
                    case SURFACE -> decodeSurface(data);
                    case PROTOTYPES -> decodePrototypes(data);
                    case CHUNK -> decodeChunk(data);
                    case CHART -> new GameChart(surfaceIndex(data), chunkCoord(data, "cx"), chunkCoord(data, "cy"),
                            requireText(data, "data", MAX_CHART_CHARS));
                    case TILES -> decodeTiles(data);
                    case CHUNKS_DELETED -> decodeChunksDeleted(data);
                    case ENTITIES -> decodeEntities(data);
                    case CHUNK_ENTITIES -> decodeChunkEntities(data);
                    case TAG -> decodeTag(data);
                };
        return new Packet(version, type, tick, seq, payload);
    }

    private static PlayerState decodePlayer(JsonNode data) throws PacketDecodeException {
        String event = requireText(data, "event", MAX_NAME_CHARS);
        if (!PlayerState.EVENTS.contains(event)) {
            throw new PacketDecodeException("unknown player event " + quote(event));
        }
        String color = requireText(data, "color", MAX_NAME_CHARS);
        if (!COLOR.matcher(color).matches()) {
            throw new PacketDecodeException("field 'color' must look like #rrggbb, got " + quote(color));
        }
        return new PlayerState(
                (int) requireLong(data, "index", 1, Integer.MAX_VALUE),
                requireText(data, "name", MAX_TEXT_CHARS),
                event,
                surfaceIndex(data),
                coordinate(data, "x"),
                coordinate(data, "y"),
                color,
                requireBoolean(data, "connected"));
    }

    private static SurfaceInfo decodeSurface(JsonNode data) throws PacketDecodeException {
        String kind = requireText(data, "kind", MAX_NAME_CHARS);
        if (!SurfaceInfo.KINDS.contains(kind)) {
            throw new PacketDecodeException("unknown surface kind " + quote(kind));
        }
        String event = requireText(data, "event", MAX_NAME_CHARS);
        if (!SurfaceInfo.EVENTS.contains(event)) {
            throw new PacketDecodeException("unknown surface event " + quote(event));
        }
        return new SurfaceInfo(
                (int) requireLong(data, "index", 1, Integer.MAX_VALUE),
                requireText(data, "name", MAX_TEXT_CHARS),
                kind,
                optionalText(data, "planet", "", MAX_NAME_CHARS),
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
        requireSize(node, "entities", 0, MAX_PROTOTYPES);
        TreeMap<String, EntityPrototype> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = key(e.getKey(), "entities");
            JsonNode p = e.getValue();
            if (!p.isObject()) {
                throw new PacketDecodeException("entity prototype " + quote(name) + " must be an object");
            }
            sorted.put(name, new EntityPrototype(name, requireText(p, "type", MAX_NAME_CHARS),
                    (int) requireLong(p, "w", 0, MAX_PROTOTYPE_SIZE), (int) requireLong(p, "h", 0, MAX_PROTOTYPE_SIZE),
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
        requireSize(list, "changes", 1, MAX_ENTITY_CHANGES);
        EntityChange[] changes = new EntityChange[list.size()];
        for (int i = 0; i < changes.length; i++) {
            JsonNode c = list.get(i);
            if (!c.isObject()) {
                throw new PacketDecodeException("change " + i + " is not an object");
            }
            try {
                changes[i] = decodeChange(c);
            } catch (PacketDecodeException e) {
                throw new PacketDecodeException(cut("change " + i + ": " + e.getMessage(), MAX_REASON_CHARS));
            }
        }
        return new Entities(surfaceIndex(data), changes);
    }

    private static EntityChange decodeChange(JsonNode c) throws PacketDecodeException {
        String event = requireText(c, "event", MAX_NAME_CHARS);
        if (!EntityChange.EVENTS.contains(event)) {
            throw new PacketDecodeException("unknown entity event " + quote(event));
        }
        String cause = optionalText(c, "cause", "game", MAX_NAME_CHARS);
        if (!EntityChange.CAUSES.contains(cause)) {
            throw new PacketDecodeException("unknown cause " + quote(cause));
        }
        double fromX = 0;
        double fromY = 0;
        if ("teleported".equals(event)) {
            JsonNode from = c.get("from");
            if (from == null || !from.isArray() || from.size() != 2) {
                throw new PacketDecodeException("teleported needs 'from': [x, y]");
            }
            fromX = coordinateValue(from.get(0), "from[0]");
            fromY = coordinateValue(from.get(1), "from[1]");
        }
        return new EntityChange(event, optionalLong(c, "unit", 0, MAX_SAFE_INTEGER),
                requireText(c, "name", MAX_NAME_CHARS), requireText(c, "type", MAX_NAME_CHARS),
                coordinate(c, "x"), coordinate(c, "y"), (int) optionalLong(c, "dir", 0, MAX_DIRECTION),
                optionalText(c, "force", "", MAX_NAME_CHARS), optionalText(c, "quality", "", MAX_NAME_CHARS),
                (int) optionalLong(c, "player", 0, Integer.MAX_VALUE), cause, fromX, fromY,
                optionalText(c, "previous", "", MAX_NAME_CHARS));
    }

    private static ChunkEntities decodeChunkEntities(JsonNode data) throws PacketDecodeException {
        JsonNode list = require(data, "entities");
        if (list.isObject() && list.isEmpty()) {
            list = MAPPER.createArrayNode();
        }
        if (!list.isArray()) {
            throw new PacketDecodeException("field 'entities' must be an array");
        }
        requireSize(list, "entities", 0, MAX_CHUNK_ENTITIES);
        EntityState[] entities = new EntityState[list.size()];
        for (int i = 0; i < entities.length; i++) {
            JsonNode e = list.get(i);
            if (!e.isObject()) {
                throw new PacketDecodeException("entity " + i + " is not an object");
            }
            try {
                entities[i] = new EntityState(optionalLong(e, "unit", 0, MAX_SAFE_INTEGER),
                        requireText(e, "name", MAX_NAME_CHARS), requireText(e, "type", MAX_NAME_CHARS),
                        coordinate(e, "x"), coordinate(e, "y"), (int) optionalLong(e, "dir", 0, MAX_DIRECTION),
                        optionalText(e, "force", "", MAX_NAME_CHARS), optionalText(e, "quality", "", MAX_NAME_CHARS));
            } catch (PacketDecodeException ex) {
                throw new PacketDecodeException(cut("entity " + i + ": " + ex.getMessage(), MAX_REASON_CHARS));
            }
        }
        return new ChunkEntities(surfaceIndex(data), chunkCoord(data, "cx"), chunkCoord(data, "cy"),
                requireText(data, "digest", MAX_NAME_CHARS), entities);
    }

    private static MapTag decodeTag(JsonNode data) throws PacketDecodeException {
        String event = requireText(data, "event", MAX_NAME_CHARS);
        if (!MapTag.EVENTS.contains(event)) {
            throw new PacketDecodeException("unknown tag event " + quote(event));
        }
        return new MapTag(event, requireLong(data, "id", 0, MAX_SAFE_INTEGER), surfaceIndex(data),
                coordinate(data, "x"), coordinate(data, "y"), optionalText(data, "text", "", MAX_TEXT_CHARS),
                optionalText(data, "icon", "", MAX_NAME_CHARS), optionalText(data, "force", "", MAX_NAME_CHARS),
                (int) optionalLong(data, "player", 0, Integer.MAX_VALUE));
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
        requireSize(node, field, 0, MAX_PROTOTYPES);
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = key(e.getKey(), field);
            String colour = e.getValue().isTextual() ? e.getValue().textValue() : "";
            if (!COLOR.matcher(colour).matches()) {
                throw new PacketDecodeException("colour of " + quote(name) + " in '" + field + "' must look like #rrggbb");
            }
            sorted.put(name, colour);
        }
        return new String[][] {
            sorted.keySet().toArray(new String[0]), sorted.values().toArray(new String[0])
        };
    }

    private static ChunkTerrain decodeChunk(JsonNode data) throws PacketDecodeException {
        int cells = ChunkTerrain.SIZE * ChunkTerrain.SIZE;
        String[] palette = stringArray(data, "palette", 1, MAX_PALETTE);
        // at most one run per cell: [index, length] × 1024
        long[] runs = longArray(data, "runs", 2 * cells, 0, cells);
        if (runs.length % 2 != 0) {
            throw new PacketDecodeException("field 'runs' must hold [palette index, length] pairs");
        }
        int total = 0;
        for (int i = 0; i < runs.length; i += 2) {
            if (runs[i] >= palette.length) {
                throw new PacketDecodeException("run " + i / 2 + " uses palette index " + runs[i] + " outside the palette");
            }
            if (runs[i + 1] < 1) {
                throw new PacketDecodeException("run " + i / 2 + " has length " + runs[i + 1]);
            }
            total += (int) runs[i + 1]; // ≤ 1024 runs of ≤ 1024: no overflow
        }
        if (total != cells) {
            throw new PacketDecodeException("runs cover " + total + " tiles, a chunk has 1024");
        }
        String[] orePalette = new String[0];
        long[] ores = new long[0];
        JsonNode oreNode = data.get("ores");
        if (oreNode != null && !oreNode.isNull()) {
            if (!oreNode.isObject()) {
                throw new PacketDecodeException("field 'ores' must be an object {palette, cells}");
            }
            orePalette = stringArray(oreNode, "palette", 0, MAX_PALETTE);
            // at most one resource per cell: [index, dx, dy, amount] × 1024
            ores = longArray(oreNode, "cells", 4 * cells, 0, MAX_ORE_AMOUNT);
            if (ores.length % 4 != 0) {
                throw new PacketDecodeException("field 'ores.cells' must hold [index, dx, dy, amount] quadruples");
            }
            for (int i = 0; i < ores.length; i += 4) {
                if (ores[i] >= orePalette.length || ores[i + 1] >= ChunkTerrain.SIZE || ores[i + 2] >= ChunkTerrain.SIZE) {
                    throw new PacketDecodeException("ore cell " + i / 4 + " is out of range");
                }
            }
        }
        return new ChunkTerrain(surfaceIndex(data), chunkCoord(data, "cx"), chunkCoord(data, "cy"),
                requireText(data, "hash", MAX_NAME_CHARS), palette, toInts(runs), orePalette, ores);
    }

    private static TileChanges decodeTiles(JsonNode data) throws PacketDecodeException {
        String[] palette = stringArray(data, "palette", 1, MAX_PALETTE);
        long[] tiles = longArray(data, "tiles", 3 * MAX_TILE_CHANGES, -MAX_COORD, MAX_COORD);
        if (tiles.length % 3 != 0) {
            throw new PacketDecodeException("field 'tiles' must hold [x, y, palette index] triples");
        }
        for (int i = 2; i < tiles.length; i += 3) {
            if (tiles[i] < 0 || tiles[i] >= palette.length) {
                throw new PacketDecodeException("tile " + i / 3 + " uses palette index " + tiles[i] + " outside the palette");
            }
        }
        return new TileChanges(surfaceIndex(data), palette, toInts(tiles));
    }

    private static ChunksDeleted decodeChunksDeleted(JsonNode data) throws PacketDecodeException {
        long[] chunks = longArray(data, "chunks", 2 * MAX_DELETED_CHUNKS, -MAX_CHUNK_COORD, MAX_CHUNK_COORD);
        if (chunks.length % 2 != 0) {
            throw new PacketDecodeException("field 'chunks' must hold [cx, cy] pairs");
        }
        return new ChunksDeleted(surfaceIndex(data), toInts(chunks));
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
            out[i] = text(node.get(i), "field '" + field + "'", MAX_NAME_CHARS);
        }
        return out;
    }

    /** An array of at most {@code maxLength} exact integers, each in {@code min..max}. */
    private static long[] longArray(JsonNode data, String field, int maxLength, long min, long max)
            throws PacketDecodeException {
        JsonNode node = require(data, field);
        // Lua's table_to_json writes an empty table as {} — accept it as an empty array
        if (node.isObject() && node.isEmpty()) {
            return new long[0];
        }
        if (!node.isArray()) {
            throw new PacketDecodeException("field '" + field + "' must be an array of integers");
        }
        requireSize(node, field, 0, maxLength);
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = integer(node.get(i), "field '" + field + "' element " + i, min, max);
        }
        return out;
    }

    private static int[] toInts(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(values[i]); // callers bounded every value to the int range
        }
        return out;
    }

    private static void requireSize(JsonNode node, String field, int min, int max) throws PacketDecodeException {
        if (node.size() < min || node.size() > max) {
            throw new PacketDecodeException(
                    "field '" + field + "' has " + node.size() + " elements, allowed " + min + ".." + max);
        }
    }

    private static String key(String name, String field) throws PacketDecodeException {
        if (name.length() > MAX_NAME_CHARS) {
            throw new PacketDecodeException("a name in '" + field + "' is longer than " + MAX_NAME_CHARS + " chars");
        }
        return name;
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

    private static String requireText(JsonNode node, String field, int maxChars) throws PacketDecodeException {
        return text(require(node, field), "field '" + field + "'", maxChars);
    }

    private static String optionalText(JsonNode node, String field, String fallback, int maxChars)
            throws PacketDecodeException {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? fallback : text(v, "field '" + field + "'", maxChars);
    }

    private static String text(JsonNode value, String what, int maxChars) throws PacketDecodeException {
        if (!value.isTextual()) {
            throw new PacketDecodeException(what + " must be a string");
        }
        String s = value.textValue();
        if (s.length() > maxChars) {
            throw new PacketDecodeException(what + " is " + s.length() + " chars long, the limit is " + maxChars);
        }
        return s;
    }

    private static long requireLong(JsonNode node, String field, long min, long max) throws PacketDecodeException {
        return integer(require(node, field), "field '" + field + "'", min, max);
    }

    private static long optionalLong(JsonNode node, String field, long min, long max) throws PacketDecodeException {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? 0 : integer(v, "field '" + field + "'", min, max);
    }

    /**
     * An exact integer in {@code min..max}. Lua numbers are doubles, so {@code 12.0} and {@code 1.2e1}
     * are the integer 12; {@code 12.5}, {@code 1e400} and {@code 18446744073709551617} (beyond the
     * field's range) are rejected, never rounded, saturated or wrapped.
     */
    static long integer(JsonNode value, String what, long min, long max) throws PacketDecodeException {
        if (value == null || !value.isNumber()) {
            throw new PacketDecodeException(what + " must be an integer");
        }
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) {
                throw new PacketDecodeException(what + " out of range: " + cut(value.asText(), QUOTE_CHARS));
            }
            long v = value.longValue();
            if (v < min || v > max) {
                throw new PacketDecodeException(what + " out of range: " + v);
            }
            return v;
        }
        if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
            throw new PacketDecodeException(what + " out of range: " + value.doubleValue());
        }
        BigDecimal d = value.decimalValue(); // exact: the mapper reads decimals as BigDecimal
        if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new PacketDecodeException(what + " out of range: " + cut(d.toString(), QUOTE_CHARS));
        }
        if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
            throw new PacketDecodeException(what + " must be an integer");
        }
        return d.longValueExact();
    }

    /** A finite position within {@link #MAX_COORD} tiles of the origin. */
    private static double coordinate(JsonNode node, String field) throws PacketDecodeException {
        return coordinateValue(require(node, field), field);
    }

    private static double coordinateValue(JsonNode value, String field) throws PacketDecodeException {
        if (value == null || !value.isNumber()) {
            throw new PacketDecodeException("field '" + field + "' must be a number");
        }
        double v = value.doubleValue();
        if (!Double.isFinite(v) || Math.abs(v) > MAX_COORD) {
            throw new PacketDecodeException("field '" + field + "' out of range: "
                    + cut(value.isBigDecimal() ? value.decimalValue().toString() : value.asText(), QUOTE_CHARS)
                    + " (positions are within ±" + MAX_COORD + " tiles)");
        }
        return v == 0 ? 0.0 : v; // -0.0 is 0
    }

    private static boolean requireBoolean(JsonNode node, String field) throws PacketDecodeException {
        JsonNode value = require(node, field);
        if (!value.isBoolean()) {
            throw new PacketDecodeException("field '" + field + "' must be a boolean");
        }
        return value.booleanValue();
    }

    /** Input quoted in a reason: {@code 'text'}, cut to {@value #QUOTE_CHARS} chars. */
    private static String quote(String s) {
        return "'" + cut(s, QUOTE_CHARS) + "'";
    }

    /** {@code s} cut to at most {@code max} chars (never inside a surrogate pair), marked with "…". */
    public static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = Math.max(0, max - 1);
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }
}
