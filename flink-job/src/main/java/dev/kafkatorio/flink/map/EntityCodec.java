package dev.kafkatorio.flink.map;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compact canonical bytes of a {@link ChunkEntitySet} (the {@code entity-state} operator's state):
 *
 * <pre>
 * version=1 · P · P × (name, type) · F · F × (force, quality) · N ·
 * N × (unit, name/type index, force/quality index, zigzag x, zigzag y, direction, (w−1)·32 + (h−1))
 * </pre>
 *
 * all varints; strings length-prefixed UTF-8. Positions are in 1/256 tile relative to the chunk's
 * corner (2 bytes inside the chunk, foreign footprints may be negative). Entities are written in id
 * order and palettes in first-use order, so equal sets give equal bytes. About 10 bytes per entity.
 */
public final class EntityCodec {

    private static final int VERSION = 1;

    private EntityCodec() {}

    /** The bytes of a non-empty set kept by chunk {@code (cx, cy)}. */
    public static byte[] encode(ChunkEntitySet set, int cx, int cy) {
        Map<String, Integer> names = new HashMap<>();
        List<ChunkEntity> nameOrder = new ArrayList<>();
        Map<String, Integer> forces = new HashMap<>();
        List<ChunkEntity> forceOrder = new ArrayList<>();
        for (ChunkEntity e : set.all()) {
            if (names.putIfAbsent(e.name() + '\0' + e.type(), names.size()) == null) {
                nameOrder.add(e);
            }
            if (forces.putIfAbsent(e.force() + '\0' + e.quality(), forces.size()) == null) {
                forceOrder.add(e);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + 12 * set.size());
        out.write(VERSION);
        Varints.write(out, nameOrder.size());
        for (ChunkEntity e : nameOrder) {
            Varints.writeString(out, e.name());
            Varints.writeString(out, e.type());
        }
        Varints.write(out, forceOrder.size());
        for (ChunkEntity e : forceOrder) {
            Varints.writeString(out, e.force());
            Varints.writeString(out, e.quality());
        }
        long ox = (long) cx * ChunkTiles.SIZE * 256;
        long oy = (long) cy * ChunkTiles.SIZE * 256;
        Varints.write(out, set.size());
        for (ChunkEntity e : set.all()) {
            Varints.write(out, e.unit());
            Varints.write(out, names.get(e.name() + '\0' + e.type()));
            Varints.write(out, forces.get(e.force() + '\0' + e.quality()));
            Varints.write(out, zigzag(ChunkEntity.fixed(e.x()) - ox));
            Varints.write(out, zigzag(ChunkEntity.fixed(e.y()) - oy));
            Varints.write(out, Math.floorMod(e.direction(), 16));
            Varints.write(out, (e.width() - 1) * 32L + (e.height() - 1));
        }
        return out.toByteArray();
    }

    /**
     * The set encoded by {@link #encode} for the same chunk.
     *
     * @throws IllegalArgumentException if the bytes are malformed
     */
    public static ChunkEntitySet decode(byte[] bytes, int cx, int cy) {
        Varints.Reader in = new Varints.Reader(bytes);
        int version = in.readByte();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown entity state version " + version);
        }
        int p = in.readInt(bytes.length);
        String[][] names = new String[p][];
        for (int i = 0; i < p; i++) {
            names[i] = new String[] {in.readString(), in.readString()};
        }
        int f = in.readInt(bytes.length);
        String[][] forces = new String[f][];
        for (int i = 0; i < f; i++) {
            forces[i] = new String[] {in.readString(), in.readString()};
        }
        long ox = (long) cx * ChunkTiles.SIZE * 256;
        long oy = (long) cy * ChunkTiles.SIZE * 256;
        int n = in.readInt(bytes.length);
        ChunkEntitySet set = new ChunkEntitySet();
        for (int i = 0; i < n; i++) {
            long unit = in.read();
            String[] name = names[in.readInt(p - 1)];
            String[] force = forces[in.readInt(f - 1)];
            double x = (unzigzag(in.read()) + ox) / 256.0;
            double y = (unzigzag(in.read()) + oy) / 256.0;
            int dir = in.readInt(15);
            int size = in.readInt(32 * 32 - 1);
            set.load(new ChunkEntity(unit, name[0], name[1], x, y, dir, force[0], force[1], size / 32 + 1, size % 32 + 1));
        }
        if (!in.atEnd()) {
            throw new IllegalArgumentException("trailing bytes after " + n + " entities");
        }
        return set;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }
}
