package io.barwise.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.model.MemType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What of the reference model cannot be a conformance case: its internals. Its decisions are checked by the
 * conformance cases (src/test/resources/conformance, run against it and the engine by ConformanceTest) and by
 * the differential test.
 */
class ReferenceModelTest {

    @Test
    void sdmTable() { // kernel-bar-mmap.md 3.1: MTRR (rows) x PAT (columns), every combination including those no request reaches
        MemType[] pat = {MemType.UC, MemType.UC_MINUS, MemType.WC, MemType.WT, MemType.WB, MemType.WP};
        String[] rows = {"UC UC WC UC UC UC", "UC WC WC UC WC UC", "UC UC WC WT WT WP", "UC UC WC WT WB WP", "UC WC WC WT WP WP"};
        MemType[] mtrr = {MemType.UC, MemType.WC, MemType.WT, MemType.WB, MemType.WP};
        List<String> got = new ArrayList<>();
        for (MemType m : mtrr) {
            List<String> row = new ArrayList<>();
            for (MemType p : pat) row.add(ReferenceModel.sdm(m, p).shortName());
            got.add(String.join(" ", row));
        }
        assertThat(got).containsExactly(rows);
    }
}
