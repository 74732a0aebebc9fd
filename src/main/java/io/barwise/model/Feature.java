package io.barwise.model;

/** Kernel changes that are not upstream but that barwise models (see lab/kernel/patches). */
public enum Feature {
    /** The seed RFC: 1af4:1110 BAR2 gets IORESOURCE_CACHEABLE and resourceN maps it write-back, untracked. */
    IVSHMEM_CACHEABLE_QUIRK("ivshmem-cacheable-quirk"),
    /** A resourceN_wb node for prefetchable memory BARs, mapped write-back through the PAT-tracked path. */
    RESOURCE_WB("resource-wb");

    private final String id;

    Feature(String id) { this.id = id; }

    public String id() { return id; }

    public static Feature parse(String s) { return Names.parse(Feature.class, s, Feature::id); }
}
