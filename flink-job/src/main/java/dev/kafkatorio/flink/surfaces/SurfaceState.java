package dev.kafkatorio.flink.surfaces;

/**
 * What {@link SurfaceFunction} keeps per surface (a Flink POJO).
 */
public final class SurfaceState {
    /** Surface name, {@code ""} until a surface packet arrived. */
    public String name = "";
    /** {@code planet}, {@code platform} or {@code other} ({@code other} until known). */
    public String kind = "other";
    /** Planet name, {@code ""} if none or unknown. */
    public String planet = "";
    /** Charted chunks known to the chunk state. */
    public long chunks;
    /** Whether the bounds below hold a chunk yet. */
    public boolean hasBounds;
    public int minCx;
    public int minCy;
    public int maxCx;
    public int maxCy;
    /** Processing time of the last emission, 0 if none. */
    public long lastEmittedAt;
    /** Processing time of the pending emission timer, 0 if none. */
    public long timerAt;

    public SurfaceState() {}
}
