package io.barwise.sysfs;

import io.barwise.model.Device;
import io.barwise.model.Request;
import io.barwise.model.Reservation;
import io.barwise.model.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One way of reading a machine, in the manner of pciutils' access methods: the live machine
 * ({@link SysfsMachine#live()}), a snapshot directory with the same layout
 * ({@link SysfsMachine#at(Path)}), or a scenario file ({@link ScenarioMachine}). Everything
 * barwise knows about a machine comes through this interface.
 */
public interface MachineSource {

    /** Where the facts come from, for messages: {@code /}, a directory, a scenario file. */
    String name();

    /** Kernel, arch, PAT, MTRR, lockdown, iomem=, STRICT_DEVMEM, hypervisor, features; with provenance. */
    PlatformFacts platform();

    /** Every PCI function, in address order. */
    List<PciFunction> devices();

    /**
     * The PAT memtype entries now present (pat_memtype_list, read afresh on each call), or
     * empty when the list cannot be read (no debugfs, no PAT, not root).
     */
    Optional<List<Reservation>> patEntries();

    /**
     * The real file to open for a node of a device: {@code resourceN[_wc|_wb]} in the device's
     * sysfs directory, or {@code /dev/mem} for {@code devmem}/{@code devmem-sync}. Empty when this
     * source has no files (a scenario). The BDF must be {@code DDDD:BB:DD.F}.
     */
    Optional<Path> nodePath(String bdf, String node);

    /** The device with this address. */
    default Optional<PciFunction> device(String bdf) {
        return devices().stream().filter(f -> f.device().bdf().equals(bdf)).findFirst();
    }

    /** A scenario of this machine (platform, devices, current PAT entries) with these requests. */
    default Scenario scenario(List<Request> requests) {
        List<Device> devices = new ArrayList<>();
        for (PciFunction f : devices()) devices.add(f.device());
        return new Scenario(platform().platform(), devices, patEntries().orElse(List.of()), requests);
    }

    /** Checks a PCI address: {@code DDDD:BB:DD.F}, lower-case hex (upper-case is accepted and lowered). */
    static String checkBdf(String bdf) {
        String b = bdf == null ? "" : bdf.toLowerCase(java.util.Locale.ROOT);
        if (!Device.BDF.matcher(b).matches()) {
            throw new IllegalArgumentException("'" + bdf + "' is not a PCI address of the form DDDD:BB:DD.F (e.g. 0000:00:02.0)");
        }
        return b;
    }
}
