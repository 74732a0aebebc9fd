package io.barwise.model;

/** One variable MTRR: {@code [base, base+size)} has {@code type}. */
public record MtrrRange(long base, long size, MemType type) {
    public MtrrRange {
        if (type == MemType.UC_MINUS) throw new IllegalArgumentException("UC- is not an MTRR type");
        if (size <= 0) throw new IllegalArgumentException("MTRR size must be positive");
    }

    public long end() { return base + size; }
}
