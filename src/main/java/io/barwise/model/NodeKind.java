package io.barwise.model;

/** The kinds of file a BAR can be mapped through. */
public enum NodeKind {
    /** {@code resourceN}: pgprot_device (UC- on x86). */
    RESOURCE("resource%d", false),
    /** {@code resourceN_wc}: pgprot_writecombine. */
    RESOURCE_WC("resource%d_wc", false),
    /** {@code resourceN_wb}: the proposed write-back node. */
    RESOURCE_WB("resource%d_wb", false),
    /** {@code /dev/mem} opened without O_SYNC: write-back if MTRR and aliases allow. */
    DEVMEM("devmem", true),
    /** {@code /dev/mem} opened with O_SYNC (O_DSYNC): UC-. */
    DEVMEM_SYNC("devmem-sync", true);

    private final String pattern;
    private final boolean devmem;

    NodeKind(String pattern, boolean devmem) {
        this.pattern = pattern;
        this.devmem = devmem;
    }

    public boolean isDevmem() { return devmem; }

    /** The node's name for a BAR: {@code resource2_wc}, or {@code devmem}. */
    public String nodeName(int bar) { return devmem ? pattern : String.format(pattern, bar); }

    /** Parses {@code resource2_wc}, {@code devmem}, {@code devmem-sync}; the BAR number must match. */
    public static NodeKind parse(String name, int bar) {
        for (NodeKind k : values()) {
            if (k.nodeName(bar).equals(name)) return k;
        }
        if (name != null && name.matches("resource\\d+(_wc|_wb)?")) {
            throw new IllegalArgumentException("node '" + name + "' does not belong to BAR " + bar);
        }
        throw new IllegalArgumentException("unknown node '" + name + "', expected resource" + bar
                + ", resource" + bar + "_wc, resource" + bar + "_wb, devmem or devmem-sync");
    }
}
