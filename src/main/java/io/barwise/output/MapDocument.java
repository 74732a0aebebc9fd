package io.barwise.output;

import io.barwise.mapper.Access;
import io.barwise.mapper.Verification.Check;
import io.barwise.mapper.Verification.Observed;
import io.barwise.model.Decision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code kind: MapReport}: the decision, whether it was attempted, what the kernel did, each access, and observed vs model. */
public final class MapDocument {
    private MapDocument() {}

    /** An access and what it printed ({@code read  0x0/32 = 0x00001af4}, or xxd lines for a dump). */
    public record Done(Access access, String text) {}

    /**
     * @param observed what the kernel did, or null when nothing was attempted
     * @param checks   the {@code --verify} comparisons, or null without {@code --verify}
     * @param error    why the mapping could not be made or was revoked, or null
     */
    public static Map<String, Object> of(Decision decision, boolean attempted, Observed observed, List<Done> accesses,
                                         List<Check> checks, String error, int exitCode) {
        Map<String, Object> doc = Contract.document(Contract.Kind.MAP_REPORT);
        doc.put("decision", ReportDocument.decision(decision, null));
        doc.put("attempted", attempted);
        Map<String, Object> o = null;
        if (observed != null) {
            o = new LinkedHashMap<>();
            o.put("mapped", observed.mapped());
            o.put("errno", observed.errno());
            o.put("stage", observed.stage());
            o.put("memtype", observed.mapped() ? observed.memtypeText() : null);
            o.put("patReadable", observed.patReadable());
            o.put("patEntries", observed.patEntries());
        }
        doc.put("observed", o);
        List<Object> list = new ArrayList<>();
        for (Done d : accesses) list.add(access(d));
        doc.put("accesses", list);
        Map<String, Object> ovm = null;
        if (checks != null) {
            ovm = new LinkedHashMap<>();
            ovm.put("agrees", observed != null && checks.stream().allMatch(Check::ok));
            List<Object> cs = new ArrayList<>();
            for (Check c : checks) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("what", c.what());
                cm.put("predicted", c.predicted());
                cm.put("observed", c.observed());
                cm.put("ok", c.ok());
                cm.put("note", c.note());
                cs.add(cm);
            }
            ovm.put("checks", cs);
        }
        doc.put("observedVsModel", ovm);
        doc.put("error", error);
        doc.put("exitCode", exitCode);
        return doc;
    }

    static Map<String, Object> access(Done d) {
        Access a = d.access();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", a.kind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("offset", a.offset());
        switch (a.kind()) {
            case READ, POKE -> {
                m.put("width", a.bytes() * 8);
                m.put("length", null);
                // the value after '= 0x' in what the access printed: what was read, or written after masking
                int at = d.text().lastIndexOf("= 0x");
                m.put("value", at < 0 ? null : Long.parseUnsignedLong(d.text().substring(at + 4).trim(), 16));
            }
            case DUMP -> {
                m.put("width", null);
                m.put("length", a.bytes());
                m.put("value", null);
            }
        }
        m.put("text", d.text());
        return m;
    }
}
