package io.barwise.sysfs;

import io.barwise.model.Lockdown;
import io.barwise.model.MemType;
import io.barwise.model.MtrrRange;
import io.barwise.model.Reservation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the proc, sysfs and debugfs files a machine is read from. Lenient: bad lines are skipped. */
public final class Parsers {
    private Parsers() {}

    // arch/x86/kernel/cpu/mtrr/if.c mtrr_seq_show():
    // "reg%02i: base=0x%06lx000 (%5luMB), size=%5lu%cB, count=%d: %s\n"
    private static final Pattern MTRR = Pattern.compile(
            "^reg\\d+:\\s*base=0x([0-9a-fA-F]+)\\s*\\(\\s*\\d+MB\\),\\s*size=\\s*(\\d+)([KMG])B,\\s*count=\\d+:\\s*(\\S+)\\s*$");

    /** The variable MTRRs of {@code /proc/mtrr}. */
    public static List<MtrrRange> mtrr(String text) {
        List<MtrrRange> out = new ArrayList<>();
        for (String line : text.split("\\R")) {
            Matcher m = MTRR.matcher(line.trim());
            if (!m.matches()) continue;
            long base = Long.parseUnsignedLong(m.group(1), 16);
            long unit = switch (m.group(3)) { case "K" -> 1L << 10; case "M" -> 1L << 20; default -> 1L << 30; };
            long size = Long.parseLong(m.group(2)) * unit;
            MemType type;
            try {
                type = MemType.parse(m.group(4));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (type == MemType.UC_MINUS || size <= 0) continue;
            out.add(new MtrrRange(base, size, type));
        }
        return out;
    }

    private static final Pattern PAT_NEW = Pattern.compile("^PAT:\\s*\\[mem\\s+0x([0-9a-fA-F]+)-0x([0-9a-fA-F]+)\\]\\s+(\\S+)\\s*$");
    private static final Pattern PAT_OLD = Pattern.compile("^(\\S+)\\s+@\\s+0x([0-9a-fA-F]+)-0x([0-9a-fA-F]+)\\s*$");

    /**
     * The entries of {@code /sys/kernel/debug/x86/pat_memtype_list}: v5.6+
     * {@code PAT: [mem 0x00000000fe400000-0x00000000fe800000] uncached-minus} or the older
     * {@code uncached-minus @ 0xfe400000-0xfe800000}; the end is exclusive in both.
     */
    public static List<Reservation> patList(String text) {
        List<Reservation> out = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String l = line.trim();
            Matcher m = PAT_NEW.matcher(l);
            String s, e, t;
            if (m.matches()) {
                s = m.group(1); e = m.group(2); t = m.group(3);
            } else {
                Matcher o = PAT_OLD.matcher(l);
                if (!o.matches()) continue;
                t = o.group(1); s = o.group(2); e = o.group(3);
            }
            try {
                long start = Long.parseUnsignedLong(s, 16);
                long end = Long.parseUnsignedLong(e, 16);
                if (Long.compareUnsigned(end, start) <= 0) continue;
                out.add(new Reservation(start, end, MemType.parse(t), "pat_memtype_list"));
            } catch (IllegalArgumentException ex) {
                // "broken" or an unknown name: not a type barwise models
            }
        }
        return out;
    }

    /** {@code none [integrity] confidentiality} from /sys/kernel/security/lockdown: the bracketed mode. */
    public static Optional<Lockdown> lockdown(String text) {
        Matcher m = Pattern.compile("\\[(\\w+)\\]").matcher(text);
        if (!m.find()) return Optional.empty();
        try {
            return Optional.of(Lockdown.parse(m.group(1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The kernel command line as parameters: {@code nopat} maps to "", {@code iomem=relaxed} to "relaxed"; the last one wins. */
    public static Map<String, String> cmdline(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String w : text.trim().split("\\s+")) {
            if (w.isEmpty()) continue;
            if (w.equals("--")) break; // the rest goes to init
            int i = w.indexOf('=');
            if (i < 0) out.put(w, "");
            else out.put(w.substring(0, i), w.substring(i + 1));
        }
        return out;
    }

    /** {@code CONFIG_X=y} / {@code # CONFIG_X is not set} from a kernel config: true, false or empty when absent. */
    public static Optional<Boolean> kconfig(String config, String name) {
        for (String line : config.split("\\R")) {
            String l = line.trim();
            if (l.equals("# " + name + " is not set")) return Optional.of(false);
            if (l.startsWith(name + "=")) {
                String v = l.substring(name.length() + 1);
                return Optional.of(v.equals("y") || v.equals("m"));
            }
        }
        return Optional.empty();
    }

    /** The first processor's fields of /proc/cpuinfo ({@code flags}, {@code vendor_id}, ...). */
    public static Map<String, String> cpuinfo(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                if (!out.isEmpty()) break;
                continue;
            }
            int i = line.indexOf(':');
            if (i < 0) continue;
            out.putIfAbsent(line.substring(0, i).trim(), line.substring(i + 1).trim());
        }
        return out;
    }

    /** A sysfs id file ({@code 0x1af4}) as a number, or -1. */
    public static int hexId(Optional<String> text) {
        if (text.isEmpty()) return -1;
        String t = text.get().trim();
        if (t.startsWith("0x") || t.startsWith("0X")) t = t.substring(2);
        try {
            return t.isEmpty() || t.length() > 8 ? -1 : (int) Long.parseLong(t, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** What the kernel said about PAT in dmesg: true (Configuration line), false (disabled), empty (no line). */
    public static Optional<Boolean> dmesgPat(String dmesg) {
        Optional<Boolean> seen = Optional.empty();
        for (String line : dmesg.split("\\R")) {
            if (line.contains("x86/PAT: Configuration")) {
                // the table itself tells: Linux programs WC into slot 1 ("WB  WC  UC- UC ...")
                seen = Optional.of(line.replaceAll(".*Configuration \\[0-7\\]:\\s*", "").trim().matches("(?s)^WB\\s+WC\\b.*"));
            } else if (line.contains("PAT support disabled") || line.contains("PAT not supported")
                    || line.contains("x86/PAT: PAT not") || line.contains("PAT MSR is 0")) {
                seen = Optional.of(false);
            }
        }
        return seen;
    }

    /**
     * The dmesg line that says MTRRs are off (arch/x86/kernel/cpu/mtrr: "MTRRs disabled (not
     * available)", "MTRRs disabled by BIOS", "x86/mtrr: MTRRs disabled"), or empty.
     */
    public static Optional<String> dmesgMtrrDisabled(String dmesg) {
        return lastMatch(dmesg, Pattern.compile("(\\bMTRRs? (are )?disabled.*)"));
    }

    /** {@code Hypervisor detected: X} (arch/x86/kernel/cpu/hypervisor.c init_hypervisor_platform()): X. */
    public static Optional<String> dmesgHypervisor(String dmesg) {
        return lastMatch(dmesg, Pattern.compile("Hypervisor detected: (.+)")).map(String::trim);
    }

    /** {@code Kernel is locked down from WHERE; see man kernel_lockdown.7} (security/lockdown lock_kernel_down()): WHERE. */
    public static Optional<String> dmesgLockedDown(String dmesg) {
        return lastMatch(dmesg, Pattern.compile("Kernel is locked down from ([^;]+)")).map(String::trim);
    }

    /** The mode CONFIG_LOCK_DOWN_KERNEL_FORCE_{NONE,INTEGRITY,CONFIDENTIALITY} sets at boot, or empty. */
    public static Optional<Lockdown> forcedLockdown(String config) {
        if (kconfig(config, "CONFIG_LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY").orElse(false)) return Optional.of(Lockdown.CONFIDENTIALITY);
        if (kconfig(config, "CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY").orElse(false)) return Optional.of(Lockdown.INTEGRITY);
        if (kconfig(config, "CONFIG_LOCK_DOWN_KERNEL_FORCE_NONE").orElse(false)) return Optional.of(Lockdown.NONE);
        return Optional.empty();
    }

    /** Group 1 of the last dmesg line in which {@code p} is found, or empty. */
    private static Optional<String> lastMatch(String dmesg, Pattern p) {
        String found = null;
        for (String line : dmesg.split("\\R")) {
            Matcher m = p.matcher(line);
            if (m.find()) found = m.group(1);
        }
        return Optional.ofNullable(found);
    }
}
