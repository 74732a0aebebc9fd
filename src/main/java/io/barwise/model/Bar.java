package io.barwise.model;

/**
 * One Base Address Register as the kernel exposes it in the sysfs {@code resource} file:
 * start and end (inclusive) and the full {@code res->flags} (include/linux/ioport.h).
 *
 * @param busy      a driver claimed the region (pci_request_regions: IORESOURCE_BUSY on a child)
 * @param exclusive the claim was exclusive (request_mem_region_exclusive: IORESOURCE_EXCLUSIVE)
 * @param backing   what is behind the BAR under a hypervisor: host RAM (ivshmem BAR2) or a device
 * @param claimant  who claimed it: the name of the child entry under the BAR in /proc/iomem (e.g.
 *                  {@code virtio-pci-modern}), or the driver when the claim is assumed; null for none
 * @param claim     how {@code busy} is known: observed, assumed from the bound driver, or unknown
 */
public record Bar(int index, long start, long end, long flags, boolean busy, boolean exclusive, Backing backing,
                  String claimant, Claim claim) {

    /** The largest BAR barwise models (4 EiB); PCI BARs are at most 2^63 and no real one comes near. */
    public static final long MAX_SIZE = 1L << 62;

    public static final long IORESOURCE_IO = 0x100;
    public static final long IORESOURCE_MEM = 0x200;
    public static final long IORESOURCE_PREFETCH = 0x2000;
    public static final long IORESOURCE_CACHEABLE = 0x8000;
    public static final long IORESOURCE_MEM_64 = 0x100000;
    public static final long IORESOURCE_UNSET = 0x20000000;
    public static final long IORESOURCE_DISABLED = 0x10000000;

    /** What backs a BAR below the guest kernel; only matters under a hypervisor. */
    public enum Backing {
        /** Decided by rules (ivshmem BAR2 is RAM). */
        AUTO("auto"), RAM("ram"), DEVICE("device");

        private final String id;

        Backing(String id) { this.id = id; }

        public String id() { return id; }

        public static Backing parse(String s) { return Names.parse(Backing.class, s, Backing::id); }
    }

    /** How a BAR's claim is known. */
    public enum Claim {
        /** Read from /proc/iomem (or stated in a scenario). */
        OBSERVED("observed"),
        /** Not readable; {@code busy} is what the bound driver is known to do ({@link Drivers}). */
        ASSUMED("assumed"),
        /** Not readable, and a driver barwise does not know is bound: decided as not busy, and said so. */
        UNKNOWN("unknown");

        private final String id;

        Claim(String id) { this.id = id; }

        public String id() { return id; }

        public static Claim parse(String s) { return Names.parse(Claim.class, s, Claim::id); }
    }

    public Bar {
        if (index < 0 || index > 5) throw new IllegalArgumentException("BAR index " + index + " is not 0..5");
        if (!(start == 0 && end == 0) && (end < start || start < 0 || end - start + 1 > MAX_SIZE)) {
            throw new IllegalArgumentException("BAR" + index + " [" + Long.toHexString(start) + ", " + Long.toHexString(end)
                    + "] is not a range barwise handles: start and end must lie below 2^63 and the size be at most 2^62 bytes");
        }
        if (backing == null) backing = Backing.AUTO;
        if (claim == null) claim = Claim.OBSERVED;
        if (!busy && claim == Claim.OBSERVED) claimant = null;
    }

    /** A BAR whose claim is stated, not read (scenarios, tests). */
    public Bar(int index, long start, long end, long flags, boolean busy, boolean exclusive, Backing backing) {
        this(index, start, end, flags, busy, exclusive, backing, null, Claim.OBSERVED);
    }

    public Bar(int index, long start, long end, long flags) {
        this(index, start, end, flags, false, false, Backing.AUTO);
    }

    /** pci_resource_len(): 0 for an unused BAR. */
    public long size() { return (start == 0 && end == 0) ? 0 : end - start + 1; }

    public boolean isMem() { return (flags & 0x1f00) == IORESOURCE_MEM; }

    public boolean isIo() { return (flags & 0x1f00) == IORESOURCE_IO; }

    public boolean prefetchable() { return (flags & IORESOURCE_PREFETCH) != 0; }

    public boolean is64() { return (flags & IORESOURCE_MEM_64) != 0; }

    public boolean flaggedCacheable() { return (flags & IORESOURCE_CACHEABLE) != 0; }

    /** BAR length in pages, rounded up, as pci_mmap_fits() counts it. */
    public long pages(long pageSize) { return size() == 0 ? 0 : ((size() - 1) / pageSize) + 1; }

    public Bar withBusy(boolean b, boolean excl) { return new Bar(index, start, end, flags, b, excl, backing, claimant, claim); }

    /** This BAR with its claim: busy or not, by whom, and how that is known. */
    public Bar withClaim(boolean b, String by, Claim how) { return new Bar(index, start, end, flags, b, exclusive, backing, by, how); }

    /** The same BAR assigned at another address. */
    public Bar at(long newStart) { return new Bar(index, newStart, newStart + size() - 1, flags, busy, exclusive, backing, claimant, claim); }
}
