package io.barwise.model;

/** The {@code iomem=} boot parameter: unset leaves strict checks to CONFIG_STRICT_DEVMEM. */
public enum IomemMode {
    DEFAULT("default"), RELAXED("relaxed"), STRICT("strict");

    private final String id;

    IomemMode(String id) { this.id = id; }

    public String id() { return id; }

    public static IomemMode parse(String s) { return Names.parse(IomemMode.class, s, IomemMode::id); }
}
