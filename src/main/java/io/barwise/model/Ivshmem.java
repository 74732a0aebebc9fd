package io.barwise.model;

/**
 * QEMU's ivshmem device (hw/misc/ivshmem-pci.c), the device barwise started from: its BAR2 is the shared
 * memory, host RAM that the seed RFC maps write-back. Its PCI ids are written here and nowhere else.
 */
public final class Ivshmem {
    private Ivshmem() {}

    /** PCI_VENDOR_ID_REDHAT_QUMRANET. */
    public static final int VENDOR = 0x1af4;
    /** PCI_DEVICE_ID_IVSHMEM. */
    public static final int DEVICE = 0x1110;
    /** The BAR that holds the shared memory. */
    public static final int SHARED_MEMORY_BAR = 2;

    public static boolean is(int vendor, int device) { return vendor == VENDOR && device == DEVICE; }

    public static boolean is(Device d) { return is(d.vendor(), d.device()); }
}
