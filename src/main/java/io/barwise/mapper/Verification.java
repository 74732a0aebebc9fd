package io.barwise.mapper;

import io.barwise.model.Decision;
import io.barwise.model.MemType;
import io.barwise.model.Outcome;
import io.barwise.model.Reservation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares a decision with what the kernel did: the errno of a failed open/mmap, or the PAT entry
 * ({@code /sys/kernel/debug/x86/pat_memtype_list}) a held mapping added.
 */
public final class Verification {
    private Verification() {}

    /** What happened to one mapping attempt. {@code patReadable} false: the list could not be read, memtype unknown. */
    public record Observed(boolean mapped, String errno, String stage, MemType memtype, boolean patReadable, List<String> patEntries) {
        public Observed {
            patEntries = patEntries == null ? List.of() : List.copyOf(patEntries);
        }

        public static Observed failed(MmapFailedException e) {
            return new Observed(false, e.errnoName(), e.stage(), null, false, List.of());
        }

        /** {@code mapped}, or the errno. */
        public String outcome() { return mapped ? "mapped" : errno; }

        /** The PAT type, {@code none} (readable list, no new entry) or {@code ?} (list unreadable). */
        public String memtypeText() { return !mapped ? "-" : memtype != null ? memtype.patName() : patReadable ? "none" : "?"; }
    }

    /** One comparison: {@code outcome} or {@code memtype}, predicted vs observed. */
    public record Check(String what, String predicted, String observed, boolean ok, String note) {}

    /**
     * The PAT entry a mapping of {@code [start, end)} added: an entry in {@code after} that was not in
     * {@code before} (counting duplicates) and covers the range; if the lists show none, null (untracked).
     */
    public static MemType added(List<Reservation> before, List<Reservation> after, long start, long end) {
        List<Reservation> rest = new ArrayList<>(before);
        for (Reservation r : after) {
            int i = indexOf(rest, r);
            if (i >= 0) {
                rest.remove(i);
                continue;
            }
            if (Long.compareUnsigned(r.start(), start) <= 0 && Long.compareUnsigned(r.end(), end) >= 0) return r.type();
        }
        return null;
    }

    private static int indexOf(List<Reservation> list, Reservation r) {
        for (int i = 0; i < list.size(); i++) {
            Reservation x = list.get(i);
            if (x.start() == r.start() && x.end() == r.end() && x.type() == r.type()) return i;
        }
        return -1;
    }

    /** Text lines of the entries overlapping {@code [start, end)}, as pat_memtype_list prints them. */
    public static List<String> covering(List<Reservation> entries, long start, long end) {
        return entries.stream().filter(r -> r.overlaps(start, end))
                .map(r -> String.format("PAT: [mem 0x%016x-0x%016x] %s", r.start(), r.end(), r.type().patName())).toList();
    }

    /**
     * Predicted vs observed. A denied decision is not compared (nothing was asked of the kernel). A
     * memtype is compared only when the PAT list was readable, or when PAT is off and none was predicted.
     */
    public static List<Check> compare(Decision d, Observed o, boolean patActive) {
        List<Check> out = new ArrayList<>();
        String predicted = d.outcome() == Outcome.MAPPED ? "mapped" : d.outcome() == Outcome.REFUSED ? String.valueOf(d.errno()) : "denied";
        if (d.outcome() == Outcome.DENIED) {
            out.add(new Check("outcome", predicted, o == null ? "not tried" : o.outcome(), true, "denied by policy: not compared"));
            return out;
        }
        out.add(new Check("outcome", predicted, o.outcome(), predicted.equals(o.outcome()), null));
        if (d.outcome() == Outcome.MAPPED && o.mapped()) {
            String p = d.memtype() == null ? "none" : d.memtype().patName();
            if (o.patReadable()) {
                out.add(new Check("memtype", p, o.memtypeText(), p.equals(o.memtypeText()), null));
            } else if (!patActive) {
                out.add(new Check("memtype", p, "none (no PAT)", d.memtype() == null, null));
            } else {
                out.add(new Check("memtype", p, "?", true, "pat_memtype_list unreadable (debugfs not mounted?): not compared"));
            }
        }
        return out;
    }

    public static boolean allOk(List<Check> checks) { return checks.stream().allMatch(Check::ok); }

    /** The list now, or empty when unreadable. */
    static Optional<List<Reservation>> pat(io.barwise.sysfs.MachineSource m) { return m.patEntries(); }
}
