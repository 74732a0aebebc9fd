package io.barwise.sysfs;

import io.barwise.model.Bar;
import java.util.ArrayList;
import java.util.List;

/**
 * The sysfs {@code resource} file (drivers/pci/pci-sysfs.c: resource_show): one line per resource,
 * {@code 0x%016llx 0x%016llx 0x%016llx} = start, inclusive end, flags. Lines 0-5 are the standard
 * BARs; the ROM, IOV and bridge-window lines that follow never get resourceN files.
 */
public final class ResourceFile {
    private ResourceFile() {}

    /**
     * Parses the text into the BARs that are in use (all-zero lines are unused BARs).
     *
     * @throws IllegalArgumentException naming the 1-based line that is malformed
     */
    public static List<Bar> parse(String text) {
        List<Bar> bars = new ArrayList<>();
        String[] lines = text.strip().isEmpty() ? new String[0] : text.strip().split("\\R");
        for (int i = 0; i < lines.length && i < 6; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length != 3) {
                throw new IllegalArgumentException("resource line " + (i + 1) + " must have three hex fields (start end flags): '" + lines[i].trim() + "'");
            }
            long start = hex(f[0], i);
            long end = hex(f[1], i);
            long flags = hex(f[2], i);
            if (start == 0 && end == 0) continue;
            if (Long.compareUnsigned(end, start) < 0) {
                throw new IllegalArgumentException("resource line " + (i + 1) + ": end " + f[1] + " is below start " + f[0]);
            }
            try {
                bars.add(new Bar(i, start, end, flags));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("resource line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return bars;
    }

    private static long hex(String s, int line) {
        String t = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
        try {
            if (t.isEmpty() || t.length() > 16) throw new NumberFormatException();
            return Long.parseUnsignedLong(t, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("resource line " + (line + 1) + ": '" + s + "' is not a 64-bit hex number");
        }
    }

    /** Formats BARs back into resource-file text (7 lines: 6 BARs and an unused ROM line). */
    public static String format(List<Bar> bars) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            int idx = i;
            Bar b = bars.stream().filter(x -> x.index() == idx).findFirst().orElse(null);
            sb.append(String.format("0x%016x 0x%016x 0x%016x%n", b == null ? 0 : b.start(), b == null ? 0 : b.end(), b == null ? 0 : b.flags()));
        }
        return sb.toString();
    }
}
