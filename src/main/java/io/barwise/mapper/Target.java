package io.barwise.mapper;

import io.barwise.model.Bar;
import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import io.barwise.sysfs.MachineSource;
import io.barwise.sysfs.PciFunction;

/** A BAR of a PCI function on a machine: the one place that checks the device and the BAR exist. */
public record Target(PciFunction function, Bar bar) {

    /**
     * The BAR {@code index} of {@code bdf} ({@code DDDD:BB:DD.F}, or {@code BB:DD.F} for domain 0000).
     *
     * @throws InvalidInputException no such device or BAR; the message names what the machine has
     */
    public static Target find(MachineSource machine, String bdf, int index) {
        String b;
        try {
            b = MachineSource.checkBdf(bdf);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("bad-bdf", new SourceLocation("BDF", 0, 0, ""), e.getMessage(),
                    "lspci -D prints the addresses");
        }
        PciFunction fn = machine.device(b).orElseThrow(() -> new InvalidInputException("unknown-device",
                new SourceLocation(machine.name(), 0, 0, ""), "no PCI device " + b, "'barwise scan' lists the devices"));
        Bar bar = fn.device().bar(index).orElseThrow(() -> new InvalidInputException("unknown-bar",
                new SourceLocation(machine.name(), 0, 0, ""), b + " has no BAR" + index,
                "its BARs: " + String.join(", ", fn.device().bars().stream().map(x -> "BAR" + x.index()).toList())));
        return new Target(fn, bar);
    }

    public String bdf() { return function.device().bdf(); }
}
