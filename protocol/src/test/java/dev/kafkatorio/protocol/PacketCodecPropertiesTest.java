package dev.kafkatorio.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Property-based tests of {@link PacketCodec} (jqwik): whatever the text, decoding either returns a
 * packet within the documented bounds or throws {@link PacketDecodeException} — never anything
 * else; integers are accepted exactly when they are exact integers in range; valid packets survive
 * {@code decode(encode(p))}.
 */
class PacketCodecPropertiesTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final List<String> GOLDEN =
            GoldenLines.valid().stream().map(v -> ConsoleFraming.wholePayload(v.line())).toList();
    private static final List<String> FIELDS = List.of(
            "v", "type", "tick", "seq", "data", "index", "name", "event", "surface", "x", "y", "color", "connected",
            "online", "mod", "game", "reason", "kind", "planet", "tiles", "resources", "entities", "cx", "cy", "force",
            "hash", "palette", "runs", "ores", "cells", "chunks", "changes", "unit", "dir", "quality", "player", "cause",
            "from", "previous", "digest", "id", "text", "icon", "w", "h", "friendly", "enemy");
    private static final List<String> TYPES =
            Arrays.stream(PacketType.values()).map(PacketType::wireName).toList();

    /** Decodes; a rejection is fine, any other throwable fails; an accepted packet is checked against the bounds. */
    private static Packet decodeOrReject(String json) {
        try {
            Packet p = PacketCodec.decode(json);
            PacketInvariants.check(p);
            return p;
        } catch (PacketDecodeException e) {
            assertThat(e.getMessage()).isNotNull();
            assertThat(e.getMessage().length()).isLessThanOrEqualTo(PacketCodec.MAX_REASON_CHARS);
            return null;
        } catch (Throwable t) {
            if (t instanceof AssertionError a) {
                throw a;
            }
            fail("decode threw " + t + " for " + PacketCodec.cut(json, 300), t);
            return null;
        }
    }

    // ---- 1. anything in: only the codec's rejection comes out ----

    @Property(tries = 1000)
    void decodeThrowsNothingButItsRejection(@ForAll("texts") String text) {
        decodeOrReject(text);
    }

    @Property(tries = 1000)
    void mutatedGoldenPacketsAreRejectedOrWithinBounds(
            @ForAll @IntRange(min = 0, max = 10_000) int golden,
            @ForAll @IntRange(min = 0, max = 100_000) int where,
            @ForAll("hostileValues") String replacement) throws Exception {
        JsonNode root = PLAIN.readTree(GOLDEN.get(golden % GOLDEN.size()));
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        Slot slot = slots.get(where % slots.size());
        JsonNode raw = PLAIN.getNodeFactory().rawValueNode(new RawValue(replacement));
        if (slot.parent instanceof ObjectNode o) {
            o.set(slot.field, raw);
        } else {
            ((ArrayNode) slot.parent).set(slot.index, raw);
        }
        decodeOrReject(root.toString());
    }

    // ---- 2. integers: exactly the exact integers in range are accepted ----

    @Property(tries = 1500)
    void integerFieldsAcceptExactlyTheExactIntegersInRange(@ForAll("numbers") String literal) {
        String json = "{\"v\":1,\"type\":\"heartbeat\",\"tick\":0,\"seq\":" + literal + ",\"data\":{\"online\":1}}";
        BigDecimal value = exact(literal);
        boolean expected = value != null
                && (value.signum() == 0 || value.stripTrailingZeros().scale() <= 0)
                && value.compareTo(BigDecimal.ZERO) >= 0
                && value.compareTo(BigDecimal.valueOf(PacketCodec.MAX_SAFE_INTEGER)) <= 0;
        Packet p = decodeOrReject(json);
        assertThat(p != null).as("accepted %s", literal).isEqualTo(expected);
        if (p != null) {
            assertThat(BigDecimal.valueOf(p.seq())).isEqualByComparingTo(value);
        }
    }

    @Property(tries = 1000)
    void playerIndexIsNeverWrappedOrRounded(@ForAll("numbers") String literal) {
        String json = "{\"v\":1,\"type\":\"player\",\"tick\":0,\"seq\":1,\"data\":{\"index\":" + literal
                + ",\"name\":\"a\",\"event\":\"moved\",\"surface\":1,\"x\":0,\"y\":0,\"color\":\"#000000\",\"connected\":true}}";
        Packet p = decodeOrReject(json);
        if (p != null) {
            assertThat(BigDecimal.valueOf(((PlayerState) p.payload()).index())).isEqualByComparingTo(exact(literal));
        }
    }

    @Property(tries = 1500)
    void positionsAcceptExactlyFiniteValuesOnTheMap(@ForAll("numbers") String literal) {
        String json = "{\"v\":1,\"type\":\"tag\",\"tick\":0,\"seq\":1,\"data\":{\"event\":\"added\",\"id\":1,\"surface\":1,"
                + "\"x\":" + literal + ",\"y\":0}}";
        BigDecimal value = exact(literal);
        double d = value == null ? Double.NaN : value.doubleValue();
        boolean expected = Double.isFinite(d) && Math.abs(d) <= PacketCodec.MAX_COORD;
        Packet p = decodeOrReject(json);
        assertThat(p != null).as("accepted %s", literal).isEqualTo(expected);
        if (p != null) {
            assertThat(((MapTag) p.payload()).x()).isEqualTo(d == 0 ? 0.0 : d);
        }
    }

    // ---- 3. valid packets round-trip ----

    @Property(tries = 500)
    void validPacketsRoundTrip(@ForAll("packets") Packet packet) throws Exception {
        PacketInvariants.check(packet);
        String json = PacketCodec.encode(packet);
        Packet decoded = PacketCodec.decode(json);
        assertThat(decoded).usingRecursiveComparison().isEqualTo(packet);
        assertThat(PacketCodec.encode(decoded)).isEqualTo(json);
    }

    // ---------------------------------------------------------------- generators

    /** The exact value of a JSON number literal, or {@code null} if it is none BigDecimal can hold. */
    private static BigDecimal exact(String literal) {
        try {
            return new BigDecimal(literal);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(120),
                Arbitraries.strings().withChars("{}[]\":,0123456789.eE+-tfnrulsa \\u").ofMaxLength(120),
                json(3),
                envelopes(),
                Arbitraries.of(GOLDEN).flatMap(g -> Arbitraries.integers().between(0, g.length())
                        .map(cut -> g.substring(0, cut))));
    }

    /** Golden-like envelopes with random values in the known fields. */
    private Arbitrary<String> envelopes() {
        Arbitrary<String> data = Combinators.combine(
                        Arbitraries.of(FIELDS).list().ofMaxSize(10), json(2).list().ofSize(10))
                .as((keys, values) -> {
                    StringBuilder sb = new StringBuilder("{");
                    for (int i = 0; i < keys.size(); i++) {
                        sb.append(i == 0 ? "" : ",").append('"').append(keys.get(i)).append("\":").append(values.get(i));
                    }
                    return sb.append('}').toString();
                });
        return Combinators.combine(
                        Arbitraries.oneOf(Arbitraries.just("1"), numbers()),
                        Arbitraries.oneOf(Arbitraries.of(TYPES), Arbitraries.strings().ofMaxLength(10)),
                        numbers(), numbers(), data)
                .as((v, type, tick, seq, body) -> "{\"v\":" + v + ",\"type\":\"" + type.replace("\"", "") + "\",\"tick\":"
                        + tick + ",\"seq\":" + seq + ",\"data\":" + body + "}");
    }

    /** Random JSON text of the given depth (numbers drawn from the hostile literals). */
    private Arbitrary<String> json(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                numbers(),
                Arbitraries.strings().ofMaxLength(12).map(s -> PLAIN.getNodeFactory().textNode(s).toString()),
                Arbitraries.of("true", "false", "null", "{}", "[]", "\"#00ff00\"", "\"built\"", "\"player\""));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> inner = json(depth - 1);
        Arbitrary<String> array = inner.list().ofMaxSize(5).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> object = Combinators.combine(Arbitraries.of(FIELDS).list().ofMaxSize(5), inner.list().ofSize(5))
                .as((keys, values) -> {
                    StringBuilder sb = new StringBuilder("{");
                    for (int i = 0; i < keys.size(); i++) {
                        sb.append(i == 0 ? "" : ",").append('"').append(keys.get(i)).append("\":").append(values.get(i));
                    }
                    return sb.append('}').toString();
                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, scalar), net.jqwik.api.Tuple.of(1, array), net.jqwik.api.Tuple.of(1, object));
    }

    @Provide
    Arbitrary<String> hostileValues() {
        return Arbitraries.oneOf(numbers(), json(2), Arbitraries.strings().ofMaxLength(5000)
                .map(s -> PLAIN.getNodeFactory().textNode(s).toString()));
    }

    /** JSON number literals (valid JSON number grammar), with every edge of the ranges. */
    @Provide
    Arbitrary<String> numbers() {
        Arbitrary<String> edges = Arbitraries.of(
                "0", "-0", "1", "-1", "0.0", "-0.0", "1.5", "12.0", "1e400", "-1e400", "1e-400", "1E+2", "1.2e1",
                "120e-1", "9007199254740991", "9007199254740992", "9007199254740993.0", "9223372036854775807",
                "9223372036854775808", "18446744073709551617", "-9223372036854775809", "4611686018427387904",
                "68719476720", "1000000", "1000000.0000001", "-1000000", "1e6", "999999.99999999999999",
                "2147483647", "2147483648", "4294967296", "31250", "31251", "3.0000000000000001", "1e999999999",
                "1e-999999999", "123456789012345678901234567890123456789", "1e99999999999", "0e99999999999",
                "1.5e2147483648", "1e2147483647", "1e-2147483648", "-1E-99999999999");
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25);
        Arbitrary<String> intPart = Arbitraries.oneOf(Arbitraries.just("0"),
                Combinators.combine(Arbitraries.chars().range('1', '9'), Arbitraries.strings().numeric().ofMaxLength(24))
                        .as((first, rest) -> first + rest));
        Arbitrary<String> frac = Arbitraries.oneOf(Arbitraries.just(""), digits.map(d -> "." + d));
        Arbitrary<String> exp = Arbitraries.oneOf(Arbitraries.just(""),
                Combinators.combine(Arbitraries.of("e", "E", "e+", "e-", "E-"),
                        Arbitraries.oneOf(Arbitraries.longs().between(0, 30), Arbitraries.longs().between(0, 999_999_999_999L)))
                        .as((e, n) -> e + n));
        Arbitrary<String> literal = Combinators.combine(Arbitraries.of("", "-"), intPart, frac, exp)
                .as((sign, i, f, e) -> sign + i + f + e);
        Arbitrary<String> integers = Arbitraries.bigIntegers()
                .between(BigInteger.TWO.pow(70).negate(), BigInteger.TWO.pow(70)).map(BigInteger::toString);
        Arbitrary<String> small = Arbitraries.longs().between(-2_000_000, 2_000_000).map(String::valueOf);
        Arbitrary<String> doubles = Arbitraries.longs().map(Double::longBitsToDouble)
                .filter(Double::isFinite).map(String::valueOf);
        return Arbitraries.oneOf(edges, literal, integers, small, doubles);
    }

    // ---- valid packets ----

    private static Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20),
                Arbitraries.of("grass-1", "iron-ore", "transport-belt", "player", "normal", "", "名前", "😀"));
    }

    private static Arbitrary<String> colours() {
        return Arbitraries.strings().withChars("0123456789abcdef").ofLength(6).map(s -> "#" + s);
    }

    private static Arbitrary<Double> coords() {
        return Arbitraries.oneOf(
                        Arbitraries.doubles().between(-PacketCodec.MAX_COORD, PacketCodec.MAX_COORD).ofScale(8),
                        Arbitraries.longs().map(Double::longBitsToDouble)
                                .filter(d -> Double.isFinite(d) && Math.abs(d) <= PacketCodec.MAX_COORD),
                        Arbitraries.of(1e6, -1e6, 0.5, -0.5, Double.MIN_VALUE, 1e-300, 999999.99609375))
                .map(d -> d == 0 ? 0.0 : d); // -0.0 reads back as 0 (JSON decimals have no negative zero)
    }

    private static Arbitrary<Integer> chunkCoords() {
        return Arbitraries.integers().between(-PacketCodec.MAX_CHUNK_COORD, PacketCodec.MAX_CHUNK_COORD);
    }

    private static Arbitrary<Integer> indexes() {
        return Arbitraries.integers().between(1, Integer.MAX_VALUE);
    }

    private static Arbitrary<Long> safe() {
        return Arbitraries.longs().between(0, PacketCodec.MAX_SAFE_INTEGER);
    }

    @Provide
    Arbitrary<Packet> packets() {
        Arbitrary<Payload> payload = Arbitraries.oneOf(
                Combinators.combine(names(), names(), Arbitraries.of("init", "load")).as(SessionStart::new),
                Arbitraries.integers().between(0, Integer.MAX_VALUE).map(Heartbeat::new),
                Combinators.combine(indexes(), names(), Arbitraries.of(PlayerState.EVENTS), indexes(), coords(), coords(),
                        colours(), Arbitraries.of(true, false)).as(PlayerState::new),
                Combinators.combine(indexes(), names(), Arbitraries.of(SurfaceInfo.KINDS), names(),
                        Arbitraries.of(SurfaceInfo.EVENTS)).as(SurfaceInfo::new),
                prototypes(),
                chunkTerrain(),
                Combinators.combine(indexes(), chunkCoords(), chunkCoords(),
                        Arbitraries.strings().ofMinLength(1).ofMaxLength(100)).as(GameChart::new),
                tileChanges(),
                Combinators.combine(indexes(), chunkCoords().list().ofMaxSize(40))
                        .as((s, l) -> new ChunksDeleted(s, l.stream().mapToInt(Integer::intValue).toArray())),
                Combinators.combine(indexes(), entityChange().list().ofMinSize(1).ofMaxSize(8))
                        .as((s, l) -> new Entities(s, l.toArray(new EntityChange[0]))),
                Combinators.combine(indexes(), chunkCoords(), chunkCoords(), names(), entityState().list().ofMaxSize(8))
                        .as((s, cx, cy, d, l) -> new ChunkEntities(s, cx, cy, d, l.toArray(new EntityState[0]))),
                Combinators.combine(Arbitraries.of(MapTag.EVENTS), safe(), indexes(), coords(), coords(), names(), names(),
                        names()).as((e, id, s, x, y, text, icon, force) -> new MapTag(e, id, s, x, y, text, icon, force, 0)));
        return Combinators.combine(safe(), safe(), payload)
                .as((tick, seq, p) -> new Packet(1, typeOf(p), tick, seq, evenChunkList(p)));
    }

    /** chunks-deleted needs pairs. */
    private static Payload evenChunkList(Payload p) {
        if (p instanceof ChunksDeleted d && d.chunks().length % 2 != 0) {
            return new ChunksDeleted(d.surface(), Arrays.copyOf(d.chunks(), d.chunks().length - 1));
        }
        return p;
    }

    private static PacketType typeOf(Payload p) {
        if (p instanceof SessionStart) {
            return PacketType.SESSION_START;
        } else if (p instanceof Heartbeat) {
            return PacketType.HEARTBEAT;
        } else if (p instanceof PlayerState) {
            return PacketType.PLAYER;
        } else if (p instanceof SurfaceInfo) {
            return PacketType.SURFACE;
        } else if (p instanceof Prototypes) {
            return PacketType.PROTOTYPES;
        } else if (p instanceof ChunkTerrain) {
            return PacketType.CHUNK;
        } else if (p instanceof GameChart) {
            return PacketType.CHART;
        } else if (p instanceof TileChanges) {
            return PacketType.TILES;
        } else if (p instanceof ChunksDeleted) {
            return PacketType.CHUNKS_DELETED;
        } else if (p instanceof Entities) {
            return PacketType.ENTITIES;
        } else if (p instanceof ChunkEntities) {
            return PacketType.CHUNK_ENTITIES;
        } else if (p instanceof MapTag) {
            return PacketType.TAG;
        }
        throw new IllegalArgumentException(String.valueOf(p));
    }

    private static Arbitrary<Payload> prototypes() {
        Arbitrary<TreeMap<String, String>> colourMap =
                Arbitraries.maps(names(), colours()).ofMaxSize(6).map(TreeMap::new);
        Arbitrary<EntityPrototype> entity = Combinators.combine(names(), names(),
                        Arbitraries.integers().between(0, PacketCodec.MAX_PROTOTYPE_SIZE),
                        Arbitraries.integers().between(0, PacketCodec.MAX_PROTOTYPE_SIZE),
                        Arbitraries.oneOf(Arbitraries.just(""), colours()),
                        Arbitraries.oneOf(Arbitraries.just(""), colours()),
                        Arbitraries.oneOf(Arbitraries.just(""), colours()))
                .as(EntityPrototype::new);
        return Combinators.combine(colourMap, colourMap, entity.list().ofMaxSize(6)).as((tiles, resources, entities) -> {
            TreeMap<String, EntityPrototype> byName = new TreeMap<>();
            entities.forEach(e -> byName.put(e.name(), e));
            return new Prototypes(tiles.keySet().toArray(new String[0]), tiles.values().toArray(new String[0]),
                    resources.keySet().toArray(new String[0]), resources.values().toArray(new String[0]),
                    byName.values().toArray(new EntityPrototype[0]));
        });
    }

    private static Arbitrary<Payload> chunkTerrain() {
        Arbitrary<List<String>> palette = names().list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<List<Integer>> cuts = Arbitraries.integers().between(1, 1023).set().ofMaxSize(30)
                .map(s -> s.stream().sorted().toList());
        Arbitrary<List<String>> orePalette = names().list().ofMaxSize(3);
        Arbitrary<List<Long>> oreCells = Arbitraries.longs().between(0, PacketCodec.MAX_ORE_AMOUNT).list().ofMaxSize(10);
        Arbitrary<long[]> where = Combinators.combine(indexes(), chunkCoords(), chunkCoords(), Arbitraries.longs())
                .as((surface, cx, cy, seed) -> new long[] {surface, cx, cy, seed});
        return Combinators.combine(where, names(), palette, cuts, orePalette, oreCells)
                .as((at, hash, pal, cutList, orePal, amounts) -> {
                    int surface = (int) at[0];
                    int cx = (int) at[1];
                    int cy = (int) at[2];
                    long s = at[3];
                    java.util.Random r = new java.util.Random(s);
                    List<Integer> bounds = new ArrayList<>(cutList);
                    bounds.add(1024);
                    int[] runs = new int[2 * bounds.size()];
                    int prev = 0;
                    for (int i = 0; i < bounds.size(); i++) {
                        runs[2 * i] = r.nextInt(pal.size());
                        runs[2 * i + 1] = bounds.get(i) - prev;
                        prev = bounds.get(i);
                    }
                    long[] ores = orePal.isEmpty() ? new long[0] : new long[4 * amounts.size()];
                    for (int i = 0; !orePal.isEmpty() && i < amounts.size(); i++) {
                        ores[4 * i] = r.nextInt(orePal.size());
                        ores[4 * i + 1] = r.nextInt(32);
                        ores[4 * i + 2] = r.nextInt(32);
                        ores[4 * i + 3] = amounts.get(i);
                    }
                    return new ChunkTerrain(surface, cx, cy, hash, pal.toArray(new String[0]), runs,
                            orePal.toArray(new String[0]), ores);
                });
    }

    private static Arbitrary<Payload> tileChanges() {
        Arbitrary<Integer> tile = Arbitraries.integers().between(-PacketCodec.MAX_COORD, PacketCodec.MAX_COORD);
        return Combinators.combine(indexes(), names().list().ofMinSize(1).ofMaxSize(4), tile.list().ofMaxSize(30),
                        Arbitraries.longs())
                .as((surface, palette, coords, seed) -> {
                    java.util.Random r = new java.util.Random(seed);
                    int n = coords.size() / 2;
                    int[] tiles = new int[3 * n];
                    for (int i = 0; i < n; i++) {
                        tiles[3 * i] = coords.get(2 * i);
                        tiles[3 * i + 1] = coords.get(2 * i + 1);
                        tiles[3 * i + 2] = r.nextInt(palette.size());
                    }
                    return new TileChanges(surface, palette.toArray(new String[0]), tiles);
                });
    }

    private static Arbitrary<EntityChange> entityChange() {
        return Combinators.combine(Arbitraries.of(EntityChange.EVENTS), safe(), names(), names(), coords(), coords(),
                        Arbitraries.integers().between(0, PacketCodec.MAX_DIRECTION),
                        Combinators.combine(names(), names(), Arbitraries.integers().between(0, Integer.MAX_VALUE),
                                Arbitraries.of(EntityChange.CAUSES), coords(), coords(), names())
                                .as((force, quality, player, cause, fx, fy, previous) ->
                                        List.<Object>of(force, quality, player, cause, fx, fy, previous)))
                .as((event, unit, name, type, x, y, dir, rest) -> {
                    boolean teleported = "teleported".equals(event);
                    return new EntityChange(event, unit, name, type, x, y, dir, (String) rest.get(0), (String) rest.get(1),
                            (Integer) rest.get(2), (String) rest.get(3), teleported ? (Double) rest.get(4) : 0,
                            teleported ? (Double) rest.get(5) : 0, (String) rest.get(6));
                });
    }

    private static Arbitrary<EntityState> entityState() {
        return Combinators.combine(safe(), names(), names(), coords(), coords(),
                        Arbitraries.integers().between(0, PacketCodec.MAX_DIRECTION), names(), names())
                .as(EntityState::new);
    }

    // ---- JSON slots for mutation ----

    private record Slot(ContainerNode<?> parent, String field, int index) {}

    private static void collect(JsonNode node, List<Slot> out) {
        if (node instanceof ObjectNode o) {
            o.fieldNames().forEachRemaining(f -> {
                out.add(new Slot(o, f, -1));
                collect(o.get(f), out);
            });
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(new Slot(a, null, i));
                collect(a.get(i), out);
            }
        }
    }
}
