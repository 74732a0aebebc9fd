package io.barwise.model;

/** How the kernel installs the PTEs, which decides whether PAT tracks the mapping. */
public enum RemapPath {
    /** drivers/pci/mmap.c: io_remap_pfn_range(), PAT-tracked (track_pfn_remap / pfnmap_track). */
    IO_REMAP_PFN_RANGE("io_remap_pfn_range"),
    /** The ivshmem quirk: remap_pfn_range_notrack(), no PAT entry. */
    REMAP_PFN_RANGE_NOTRACK("remap_pfn_range_notrack"),
    /** drivers/char/mem.c: mmap_mem() calls remap_pfn_range(), PAT-tracked. */
    REMAP_PFN_RANGE("remap_pfn_range");

    private final String id;

    RemapPath(String id) { this.id = id; }

    public String id() { return id; }

    public boolean tracked() { return this != REMAP_PFN_RANGE_NOTRACK; }
}
