package io.barwise.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Overlapping variable MTRRs combine by the SDM's precedence ("MTRR Precedences"): identical types
 * stay, UC wins, WT with WB gives WT, and anything else is undefined, which the kernel's
 * mtrr_type_lookup() (get_effective_type()) and barwise take as UC. Checked against a set-based
 * reading of the SDM rule, on hand-picked and random layouts, in any order of the ranges.
 */
class MtrrPrecedenceTest {
    static final long G = 1L << 30;
    static final long M = 1L << 20;

    static Mtrr mtrr(MemType def, MtrrRange... r) { return new Mtrr(true, def, List.of(r)); }

    @Test
    void overlapsCombineByTheSdmPrecedence() {
        MtrrRange wb = new MtrrRange(2 * G, 2 * G, MemType.WB);
        assertThat(mtrr(MemType.UC, wb, new MtrrRange(3 * G, 256 * M, MemType.UC)).typeAt(3 * G)).isEqualTo(MemType.UC);
        assertThat(mtrr(MemType.UC, wb, new MtrrRange(3 * G, 256 * M, MemType.WT)).typeAt(3 * G)).isEqualTo(MemType.WT);
        assertThat(mtrr(MemType.UC, wb, new MtrrRange(3 * G, 256 * M, MemType.WB)).typeAt(3 * G)).isEqualTo(MemType.WB);
        assertThat(mtrr(MemType.UC, wb, new MtrrRange(3 * G, 256 * M, MemType.WC)).typeAt(3 * G)).as("undefined: UC").isEqualTo(MemType.UC);
        assertThat(mtrr(MemType.UC, wb, new MtrrRange(3 * G, 256 * M, MemType.WP)).typeAt(3 * G)).as("undefined: UC").isEqualTo(MemType.UC);
        // the default applies only where no range matches
        assertThat(mtrr(MemType.UC, wb).typeAt(G)).isEqualTo(MemType.UC);
        assertThat(mtrr(MemType.WC, wb).typeAt(2 * G)).isEqualTo(MemType.WB);
    }

    @Test
    void aRangeInsideAnOverlapHasItsCombinedType() {
        Mtrr m = mtrr(MemType.UC, new MtrrRange(2 * G, 2 * G, MemType.WB), new MtrrRange(3 * G, 256 * M, MemType.WT));
        assertThat(m.uniformType(3 * G, 3 * G + M)).isEqualTo(MemType.WT);
        assertThat(m.strictestType(3 * G, 3 * G + M)).isEqualTo(MemType.WT);
        // across the overlap's edge: not uniform, and merged as mtrr_type_lookup() merges (WB with WT = WT)
        assertThat(m.uniformType(3 * G - M, 3 * G + M)).isNull();
        assertThat(m.strictestType(3 * G - M, 3 * G + M)).isEqualTo(MemType.WT);
    }

    /** The SDM rule on the set of types of every range that contains the address. */
    static MemType sdm(Set<MemType> types, MemType def) {
        if (types.isEmpty()) return def;
        if (types.size() == 1) return types.iterator().next();
        if (types.contains(MemType.UC)) return MemType.UC;
        if (types.equals(EnumSet.of(MemType.WT, MemType.WB))) return MemType.WT;
        return MemType.UC;
    }

    @Test
    void randomLayoutsInAnyOrderFollowTheSdm() {
        MemType[] types = {MemType.UC, MemType.WC, MemType.WT, MemType.WP, MemType.WB};
        SplittableRandom rnd = new SplittableRandom(0x377A);
        for (int n = 0; n < 2_000; n++) {
            List<MtrrRange> ranges = new ArrayList<>();
            for (int i = 0, k = 1 + rnd.nextInt(6); i < k; i++) {
                long size = M << rnd.nextInt(6);                       // 1 MiB .. 32 MiB
                long base = size * rnd.nextInt((int) (64 * M / size)); // aligned, inside 64 MiB
                ranges.add(new MtrrRange(base, size, types[rnd.nextInt(types.length)]));
            }
            MemType def = types[rnd.nextInt(types.length)];
            Mtrr m = new Mtrr(true, def, ranges);
            List<MtrrRange> shuffled = new ArrayList<>(ranges);
            Collections.shuffle(shuffled, new java.util.Random(n));
            Mtrr other = new Mtrr(true, def, shuffled);
            for (long a = 0; a < 64 * M; a += M) {
                long addr = a;
                Set<MemType> at = EnumSet.noneOf(MemType.class);
                ranges.stream().filter(r -> r.base() <= addr && addr < r.end()).forEach(r -> at.add(r.type()));
                assertThat(m.typeAt(addr)).as("%s at %x", ranges, addr).isEqualTo(sdm(at, def));
                assertThat(other.typeAt(addr)).as("order of %s", shuffled).isEqualTo(m.typeAt(addr));
            }
        }
    }
}
