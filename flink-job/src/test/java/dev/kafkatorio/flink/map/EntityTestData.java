package dev.kafkatorio.flink.map;

import dev.kafkatorio.protocol.EntityPrototype;
import java.util.ArrayList;
import java.util.List;

/** Entity fixtures: prototypes with vanilla sizes and a realistic factory chunk. */
public final class EntityTestData {

    private EntityTestData() {}

    /** Vanilla sizes; the belt with an explicit friendly colour as the mod would send it. */
    public static EntityPrototype[] prototypes() {
        return new EntityPrototype[] {
            new EntityPrototype("assembling-machine-2", "assembling-machine", 3, 3, "", "", ""),
            new EntityPrototype("transport-belt", "transport-belt", 1, 1, "", "#cca147", ""),
            new EntityPrototype("inserter", "inserter", 1, 1, "", "", ""),
            new EntityPrototype("medium-electric-pole", "electric-pole", 1, 1, "", "", ""),
            new EntityPrototype("boiler", "boiler", 3, 2, "", "", ""),
            new EntityPrototype("pipe", "pipe", 1, 1, "", "", ""),
            new EntityPrototype("car", "car", 2, 2, "", "", ""),
            new EntityPrototype("tree-01", "tree", 1, 1, "", "", ""),
        };
    }

    /**
     * A main-bus style factory chunk (0, 0): four full-length belt lanes, a row of 8 assemblers with an
     * inserter each, poles between them, a pipe line and a few trees left at the edge — 217 entities
     * with realistic 6-digit unit numbers.
     */
    public static ChunkEntitySet factoryChunk() {
        ChunkEntitySet set = new ChunkEntitySet();
        long unit = 184_223;
        for (int lane = 0; lane < 4; lane++) {
            for (int y = 0; y < 32; y++) {
                set.put(ChunkEntity.of(unit++, "transport-belt", "transport-belt", 2.5 + lane, y + 0.5, 8, "player", "normal", 1, 1));
            }
        }
        for (int i = 0; i < 8; i++) {
            double y = 1.5 + 4 * i;
            set.put(ChunkEntity.of(unit++, "assembling-machine-2", "assembling-machine", 9.5, y, 0, "player", "normal", 3, 3));
            set.put(ChunkEntity.of(unit++, "inserter", "inserter", 7.5, y, 4, "player", "normal", 1, 1));
            set.put(ChunkEntity.of(unit++, "medium-electric-pole", "electric-pole", 11.5, y + 2, 0, "player", "normal", 1, 1));
        }
        for (int y = 0; y < 32; y++) {
            set.put(ChunkEntity.of(unit++, "pipe", "pipe", 14.5, y + 0.5, 0, "player", "normal", 1, 1));
        }
        List<double[]> trees = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            trees.add(new double[] {24 + (i * 37 % 80) / 10.0, (i * 53 % 310) / 10.0 + 0.3});
        }
        for (double[] t : trees) {
            set.put(ChunkEntity.of(0, "tree-01", "tree", t[0], t[1], 0, "", "", 1, 1));
        }
        return set;
    }
}
