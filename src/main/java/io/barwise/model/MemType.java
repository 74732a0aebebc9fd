package io.barwise.model;

/**
 * A memory (cache) type. The same six types name PAT entries, MTRR types and the effective type
 * a CPU access gets (Intel SDM vol. 3, "Effective Page-Level Memory Types").
 */
public enum MemType {
    UC("UC", "uncached", "uncachable"),
    UC_MINUS("UC-", "uncached-minus", null),
    WC("WC", "write-combining", "write-combining"),
    WT("WT", "write-through", "write-through"),
    WB("WB", "write-back", "write-back"),
    WP("WP", "write-protected", "write-protect");

    private final String shortName;
    private final String patName;
    private final String mtrrName;

    MemType(String shortName, String patName, String mtrrName) {
        this.shortName = shortName;
        this.patName = patName;
        this.mtrrName = mtrrName;
    }

    /** {@code UC-}, {@code WC}, ... as in the SDM tables. */
    public String shortName() { return shortName; }

    /** The name {@code /sys/kernel/debug/x86/pat_memtype_list} prints (arch/x86/mm/pat/memtype.c: cattr_name). */
    public String patName() { return patName; }

    /** The name {@code /proc/mtrr} prints, or null: UC- is not an MTRR type. */
    public String mtrrName() { return mtrrName; }

    /** Accepts any of the three spellings, case-insensitively. */
    public static MemType parse(String text) {
        for (MemType t : values()) {
            if (t.shortName.equalsIgnoreCase(text) || t.patName.equalsIgnoreCase(text)
                    || (t.mtrrName != null && t.mtrrName.equalsIgnoreCase(text))
                    || t.name().equalsIgnoreCase(text)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown memory type '" + text
                + "', expected one of: UC, UC-, WC, WT, WB, WP (or uncached, uncached-minus, write-combining, write-through, write-back, write-protected)");
    }
}
