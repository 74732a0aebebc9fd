package io.barwise.model;

/** What the user wants from a mapping, when they let barwise pick the node. */
public enum Intent {
    CACHEABLE("cacheable"), WRITE_COMBINE("write-combine"), UNCACHED("uncached");

    private final String id;

    Intent(String id) { this.id = id; }

    public String id() { return id; }

    public static Intent parse(String s) { return Names.parse(Intent.class, s, Intent::id); }
}
