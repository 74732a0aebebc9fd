package io.barwise.model;

import java.util.List;
import java.util.Optional;

/**
 * A PCI function: identity, the driver bound to it (null for none) and its BARs.
 * {@code nonMappableBars} mirrors pdev->non_mappable_bars (s390 ISM): no resource files at all.
 * {@code nodes}: the resource files this machine shows in the device's sysfs directory
 * ({@code resource0}, {@code resource2_wc}, ...), or null when not observed (the rules decide which exist).
 */
public record Device(
        String bdf, int vendor, int device, int subsystemVendor, int subsystemDevice,
        int classCode, int revision, String driver, boolean nonMappableBars, List<Bar> bars, List<String> nodes) {

    public static final java.util.regex.Pattern BDF = java.util.regex.Pattern.compile("[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\\.[0-7]");

    public Device {
        bars = List.copyOf(bars);
        if (nodes != null) nodes = List.copyOf(nodes);
        if (bdf == null || !BDF.matcher(bdf).matches()) {
            throw new IllegalArgumentException("'" + bdf + "' is not a PCI address of the form DDDD:BB:DD.F (lower-case hex)");
        }
    }

    /** A device whose resource files are not observed. */
    public Device(String bdf, int vendor, int device, int subsystemVendor, int subsystemDevice,
                  int classCode, int revision, String driver, boolean nonMappableBars, List<Bar> bars) {
        this(bdf, vendor, device, subsystemVendor, subsystemDevice, classCode, revision, driver, nonMappableBars, bars, null);
    }

    /** Whether the machine's resource files were observed (then {@link #nodes()} is the truth). */
    public boolean nodesObserved() { return nodes != null; }

    public Device withNodes(List<String> observed) {
        return new Device(bdf, vendor, device, subsystemVendor, subsystemDevice, classCode, revision, driver, nonMappableBars, bars, observed);
    }

    public Optional<Bar> bar(int index) {
        return bars.stream().filter(b -> b.index() == index).findFirst();
    }

    /** This device with no driver bound, so none of its BARs is claimed. */
    public Device withoutDriver() {
        return new Device(bdf, vendor, device, subsystemVendor, subsystemDevice, classCode, revision, null, nonMappableBars,
                bars.stream().map(b -> b.withBusy(false, false)).toList());
    }

    /** This device with {@code bar} in place of its BAR of the same index. */
    public Device withBar(Bar bar) {
        return new Device(bdf, vendor, device, subsystemVendor, subsystemDevice, classCode, revision, driver, nonMappableBars,
                bars.stream().map(b -> b.index() == bar.index() ? bar : b).toList());
    }

    /** {@code 1af4:1110} */
    public String ids() { return String.format("%04x:%04x", vendor, device); }
}
