package io.barwise.mapper;

import io.barwise.model.Bar;
import io.barwise.model.Device;
import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import io.barwise.sysfs.MachineSource;
import io.barwise.sysfs.PciFunction;
import java.util.Locale;
import java.util.regex.Pattern;

/** A BAR of a PCI function on a machine: the one place that checks the device and the BAR exist. */
public record Target(PciFunction function, Bar bar) {

    private static final Pattern LSPCI = Pattern.compile("[0-9a-f]{2}:[0-1][0-9a-f]\\.[0-7]");

    /**
     * The BAR {@code index} of {@code bdf} ({@code DDDD:BB:DD.F}, or {@code BB:DD.F} for domain 0000).
     *
     * @throws InvalidInputException no such device or BAR; the message names what the machine has
     */
    public static Target find(MachineSource machine, String bdf, int index) {
        String lower = bdf == null ? "" : bdf.toLowerCase(Locale.ROOT);
        String b = LSPCI.matcher(lower).matches() ? "0000:" + lower : lower; // as lspci prints it, without the domain
        if (!Device.BDF.matcher(b).matches()) {
            throw new InvalidInputException("bad-bdf", new SourceLocation("BDF", 0, 0, ""), "'" + bdf
                    + "' is not a PCI address: DDDD:BB:DD.F, or BB:DD.F as lspci prints it (e.g. 0000:00:02.0, 00:02.0)",
                    "'barwise scan' and 'lspci -D' list the addresses");
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
