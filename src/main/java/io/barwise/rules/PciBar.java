package io.barwise.rules;

import io.barwise.model.Bar;
import io.barwise.model.Device;
import io.barwise.model.Ivshmem;
import io.barwise.model.NodeKind;
import java.util.List;

/**
 * A BAR together with the identity of its device, flattened so rules can match on both.
 * {@code nodes} is the device's observed resource files, or null when the machine was not observed;
 * {@code claim} says whether {@code busy} was read, assumed from the driver, or is unknown.
 */
public record PciBar(String bdf, int vendor, int deviceId, int classCode, String driver, boolean nonMappableBars,
                     int index, long start, long end, long flags, long size, boolean mem, boolean io,
                     boolean prefetch, boolean busy, boolean exclusive, Bar.Backing backing,
                     List<String> nodes, String claimant, Bar.Claim claim) {

    public static PciBar of(Device d, Bar b) {
        return new PciBar(d.bdf(), d.vendor(), d.device(), d.classCode(), d.driver(), d.nonMappableBars(),
                b.index(), b.start(), b.end(), b.flags(), b.size(), b.isMem(), b.isIo(), b.prefetchable(),
                b.busy(), b.exclusive(), b.backing(), d.nodes(), b.claimant(), b.claim());
    }

    /** QEMU's ivshmem ({@link Ivshmem}). */
    public boolean ivshmem() { return Ivshmem.is(vendor, deviceId); }

    public boolean flaggedCacheable() { return (flags & Bar.IORESOURCE_CACHEABLE) != 0; }

    /** The first page's address: what iomem_is_exclusive() and the PFN are computed from. */
    public long pageStart() { return start & ~(Kernel.PAGE_SIZE - 1); }

    /** The machine's resource files were observed (a live machine or a snapshot). */
    public boolean nodesObserved() { return nodes != null; }

    /** The machine shows this BAR's node of kind {@code k} (a resource kind, not /dev/mem). */
    public boolean present(NodeKind k) { return nodes != null && nodes.contains(k.nodeName(index)); }
}
