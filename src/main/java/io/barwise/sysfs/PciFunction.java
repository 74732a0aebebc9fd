package io.barwise.sysfs;

import io.barwise.model.Device;
import java.util.List;

/**
 * A PCI function as a machine shows it: the model {@link Device} (BARs from {@code resource},
 * busy when a driver is bound), the resource files that exist in its sysfs directory, and its
 * vendor and device names from pci.ids (null when unknown or pci.ids is not installed).
 */
public record PciFunction(Device device, List<String> nodes, String vendorName, String deviceName) {
    public PciFunction {
        nodes = List.copyOf(nodes);
    }

    public boolean hasNode(String name) { return nodes.contains(name); }
}
