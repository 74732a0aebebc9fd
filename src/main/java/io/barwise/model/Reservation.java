package io.barwise.model;

/**
 * A PAT memtype entry: {@code [start, end)} (end exclusive, as pat_memtype_list prints it) of
 * {@code type}, made by {@code owner} (a driver, another process, or an earlier request).
 */
public record Reservation(long start, long end, MemType type, String owner) {
    public Reservation {
        if (Long.compareUnsigned(end, start) <= 0) throw new IllegalArgumentException("reservation end must be above start");
    }

    public boolean overlaps(long s, long e) {
        return Long.compareUnsigned(start, e) < 0 && Long.compareUnsigned(s, end) < 0;
    }
}
