package io.barwise.rules;

import io.barwise.model.Bar;
import io.barwise.model.Device;
import io.barwise.model.Ivshmem;

/** A BAR together with the identity of its device, flattened so rules can match on both. */
public record PciBar(String bdf, int vendor, int deviceId, int classCode, String driver, boolean nonMappableBars,
                     int index, long start, long end, long flags, long size, boolean mem, boolean io,
                     boolean prefetch, boolean busy, boolean exclusive, Bar.Backing backing) {

    public static PciBar of(Device d, Bar b) {
        return new PciBar(d.bdf(), d.vendor(), d.device(), d.classCode(), d.driver(), d.nonMappableBars(),
                b.index(), b.start(), b.end(), b.flags(), b.size(), b.isMem(), b.isIo(), b.prefetchable(),
                b.busy(), b.exclusive(), b.backing());
    }

    /** QEMU's ivshmem ({@link Ivshmem}). */
    public boolean ivshmem() { return Ivshmem.is(vendor, deviceId); }

    public boolean flaggedCacheable() { return (flags & Bar.IORESOURCE_CACHEABLE) != 0; }

    /** The first page's address: what iomem_is_exclusive() and the PFN are computed from. */
    public long pageStart() { return start & ~(Kernel.PAGE_SIZE - 1); }
}
