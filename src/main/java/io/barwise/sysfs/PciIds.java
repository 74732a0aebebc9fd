package io.barwise.sysfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Vendor and device names from pci.ids (the pciutils database), when it is installed. */
public final class PciIds {
    /** Where Debian (pciutils) and Fedora (hwdata) install it, relative to a root. */
    public static final List<String> LOCATIONS = List.of("usr/share/misc/pci.ids", "usr/share/hwdata/pci.ids");
    public static final PciIds NONE = new PciIds(Map.of(), Map.of());

    private final Map<Integer, String> vendors;
    private final Map<Long, String> devices;

    private PciIds(Map<Integer, String> vendors, Map<Long, String> devices) {
        this.vendors = vendors;
        this.devices = devices;
    }

    /** The running system's pci.ids, if installed. */
    public static Optional<String> system() {
        for (String p : LOCATIONS) {
            Path f = Path.of("/").resolve(p);
            try {
                if (Files.isRegularFile(f)) return Optional.of(Files.readString(f, StandardCharsets.UTF_8));
            } catch (IOException | java.io.UncheckedIOException e) {
                // try the next
            }
        }
        return Optional.empty();
    }

    /** Parses the vendor ({@code 1af4  Red Hat, Inc.}) and device ({@code \t1110  Inter-VM shared memory}) lines. */
    public static PciIds parse(String text) {
        Map<Integer, String> v = new HashMap<>();
        Map<Long, String> d = new HashMap<>();
        int vendor = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("C ")) break; // the class list follows the vendors
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("\t\t")) continue;
            try {
                if (line.startsWith("\t")) {
                    if (vendor >= 0 && line.length() > 7) d.put(((long) vendor << 16) | Integer.parseInt(line.substring(1, 5), 16), line.substring(5).trim());
                } else if (line.length() > 6) {
                    vendor = Integer.parseInt(line.substring(0, 4), 16);
                    v.put(vendor, line.substring(4).trim());
                }
            } catch (NumberFormatException e) {
                vendor = -1;
            }
        }
        return new PciIds(v, d);
    }

    public String vendor(int id) { return vendors.get(id); }

    public String device(int vendor, int device) { return devices.get(((long) vendor << 16) | device); }
}
