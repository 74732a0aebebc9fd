package io.barwise.model;

import java.util.List;
import java.util.Optional;

/**
 * What known PCI drivers do with a device's BARs once bound. A BAR is busy only when a driver
 * requests the region (pci_request_region(s), pci_request_selected_regions, request_mem_region),
 * which shows in /proc/iomem as a child entry under the BAR. barwise reads that when it can; only
 * when it cannot does a bound driver imply a claim, and then only for a driver listed here.
 */
public final class Drivers {
    private Drivers() {}

    /** When a driver requests its BARs' regions. */
    public enum ClaimWhen {
        /** In probe(): busy as soon as the driver is bound. */
        PROBE,
        /** When user space first maps or reads a region through the driver (vfio-pci): free until then. */
        FIRST_USER_ACCESS,
        /** Never: binds to enable the device and leaves the BARs to user space (uio, pci-stub). */
        NEVER
    }

    /**
     * @param driver        the name in /sys/bus/pci/drivers
     * @param claims        when it claims
     * @param kernelMapping the PAT type of the kernel mappings it keeps inside its BARs (ioremap: UC-;
     *                      ioremap_wc: WC; memremap WB), which later user mappings of those pages
     *                      inherit or conflict with; null for none
     * @param exclusive     the request is exclusive (IORESOURCE_EXCLUSIVE: iomem_is_exclusive() even without IO_STRICT_DEVMEM)
     * @param source        the kernel function that does it
     */
    public record Behaviour(String driver, ClaimWhen claims, MemType kernelMapping, boolean exclusive, String source) {
        Behaviour(String driver, ClaimWhen claims, MemType kernelMapping, String source) {
            this(driver, claims, kernelMapping, false, source);
        }

        /** {@code claims its regions when it binds (source)}. */
        public String what() {
            String when = switch (claims) {
                case PROBE -> "claims its regions when it binds";
                case FIRST_USER_ACCESS -> "claims a region only when user space first uses it through the driver";
                case NEVER -> "never claims its regions";
            };
            return when + " (" + source + ")";
        }
    }

    private static final List<Behaviour> KNOWN = List.of(
            new Behaviour("virtio-pci", ClaimWhen.PROBE, MemType.UC_MINUS,
                    "drivers/virtio/virtio_pci_modern_dev.c vp_modern_probe(): pci_request_selected_regions(\"virtio-pci-modern\"), "
                            + "then pci_iomap_range() of each capability (UC-)"),
            new Behaviour("nvme", ClaimWhen.PROBE, MemType.UC_MINUS,
                    "drivers/nvme/host/pci.c nvme_dev_map(): pci_request_mem_regions(\"nvme\"), ioremap() of BAR0"),
            new Behaviour("e1000", ClaimWhen.PROBE, MemType.UC_MINUS, "e1000_probe(): pci_request_selected_regions(), pci_ioremap_bar()"),
            new Behaviour("e1000e", ClaimWhen.PROBE, MemType.UC_MINUS, true, "e1000_probe(): pci_request_selected_regions_exclusive(), ioremap()"),
            new Behaviour("igb", ClaimWhen.PROBE, MemType.UC_MINUS, "igb_probe(): pci_request_mem_regions(), pci_iomap()"),
            new Behaviour("ixgbe", ClaimWhen.PROBE, MemType.UC_MINUS, "ixgbe_probe(): pci_request_mem_regions(), ioremap()"),
            new Behaviour("i40e", ClaimWhen.PROBE, MemType.UC_MINUS, "i40e_probe(): pci_request_mem_regions(), ioremap()"),
            new Behaviour("mlx5_core", ClaimWhen.PROBE, MemType.UC_MINUS, "mlx5 request_bar(): pci_request_regions()"),
            new Behaviour("ahci", ClaimWhen.PROBE, MemType.UC_MINUS, "ahci_init_one(): pcim_iomap_regions_request_all()"),
            new Behaviour("xhci_hcd", ClaimWhen.PROBE, MemType.UC_MINUS, "usb_hcd_pci_probe(): request_mem_region(), ioremap()"),
            new Behaviour("ehci-pci", ClaimWhen.PROBE, MemType.UC_MINUS, "usb_hcd_pci_probe(): request_mem_region(), ioremap()"),
            new Behaviour("snd_hda_intel", ClaimWhen.PROBE, MemType.UC_MINUS, "azx_first_init(): pcim_iomap_regions()"),
            new Behaviour("vfio-pci", ClaimWhen.FIRST_USER_ACCESS, null,
                    "drivers/vfio/pci/vfio_pci_core.c vfio_pci_core_setup_barmap(): pci_request_selected_regions(\"vfio\") "
                            + "on the first mmap/read/write of the region through VFIO"),
            new Behaviour("uio_pci_generic", ClaimWhen.NEVER, null,
                    "drivers/uio/uio_pci_generic.c probe(): pcim_enable_device() and uio_register_device(), no region request"),
            new Behaviour("pci-stub", ClaimWhen.NEVER, null, "drivers/pci/pci-stub.c pci_stub_probe(): only logs"));

    /** The known behaviour of {@code driver}, or empty for a driver barwise does not know. */
    public static Optional<Behaviour> of(String driver) {
        if (driver == null) return Optional.empty();
        return KNOWN.stream().filter(b -> b.driver().equals(driver)).findFirst();
    }

    public static List<Behaviour> known() { return KNOWN; }

    /**
     * A BAR of a device bound to {@code driver} when the claims cannot be read: busy if the driver
     * claims at probe, free if it never claims or claims only on user access, unknown otherwise.
     */
    public static Bar assumeClaim(Bar b, String driver) {
        if (driver == null) return b.withClaim(false, null, Bar.Claim.ASSUMED);
        Optional<Behaviour> k = of(driver);
        if (k.isEmpty()) return b.withClaim(false, null, Bar.Claim.UNKNOWN);
        boolean busy = k.get().claims() == ClaimWhen.PROBE && b.isMem();
        return b.withClaim(busy, busy ? driver : null, Bar.Claim.ASSUMED).withBusy(busy, busy && k.get().exclusive());
    }
}
