package io.barwise.mapper;

import io.barwise.mapper.Verification.Observed;
import io.barwise.model.Reservation;
import io.barwise.sysfs.MachineSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A mapping made while watching the kernel: {@code pat_memtype_list} is read just before and just
 * after open(2)+mmap(2), and the entry that appeared over the mapped range is what the kernel
 * recorded for it. A failed open(2) or mmap(2) is an observation too (its errno), with no mapping.
 * {@code barwise map} and the lab's guest driver both observe through this.
 *
 * @param mapping  the mapping, or null when open(2) or mmap(2) failed
 * @param observed what the kernel did
 */
public record ObservedMapping(BarMapping mapping, Observed observed) {

    /**
     * Maps with {@code open} and observes it. Other {@link MappingException}s (a check of barwise's own,
     * before the kernel is asked) propagate.
     */
    public static ObservedMapping observe(MachineSource machine, Supplier<BarMapping> open) {
        Optional<List<Reservation>> before = machine.patEntries();
        BarMapping m;
        try {
            m = open.get();
        } catch (MmapFailedException e) {
            return new ObservedMapping(null, Observed.failed(e));
        }
        Optional<List<Reservation>> after = machine.patEntries();
        long s = m.physicalStart(), e = s + m.length();
        boolean readable = before.isPresent() && after.isPresent();
        return new ObservedMapping(m, new Observed(true, null, null, readable ? Verification.added(before.get(), after.get(), s, e) : null,
                readable, after.map(a -> Verification.covering(a, s, e)).orElse(List.of())));
    }
}
