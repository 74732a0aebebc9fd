package io.barwise.output;

import io.barwise.mapper.Access;
import io.barwise.mapper.MapRun;
import io.barwise.mapper.Verification.Check;
import io.barwise.mapper.Verification.Observed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code kind: MapReport}: the decision, whether it was attempted, what the kernel did, each access, and observed vs model. */
public final class MapDocument {
    private MapDocument() {}

    /**
     * The run of {@code barwise map}: {@code accesses} are the accesses asked for, in order ({@code r.accesses()}
     * holds what the ones done printed); {@code verify}: whether {@code --verify} was given.
     */
    public static Map<String, Object> of(MapRun.Result r, List<Access> accesses, boolean verify, int exitCode) {
        Map<String, Object> doc = Contract.document(Contract.Kind.MAP_REPORT);
        doc.put("decision", ReportDocument.decision(r.decision(), null));
        doc.put("attempted", r.skipped() == null);
        doc.put("skipped", r.skipped() == null ? null : r.skipped().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        Observed observed = r.observed();
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
        for (int i = 0; i < r.accesses().size(); i++) list.add(access(accesses.get(i), r.accesses().get(i)));
        doc.put("accesses", list);
        Map<String, Object> ovm = null;
        if (verify && observed != null) {
            ovm = new LinkedHashMap<>();
            ovm.put("agrees", r.checks().stream().allMatch(Check::ok));
            List<Object> cs = new ArrayList<>();
            for (Check c : r.checks()) {
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
        doc.put("error", r.failure());
        doc.put("exitCode", exitCode);
        return doc;
    }

    static Map<String, Object> access(Access a, Access.Result done) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", a.kind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("offset", a.offset());
        switch (a.kind()) {
            case READ, POKE -> {
                m.put("width", a.bits());
                m.put("length", null);
                // what was read, or what was written
                m.put("value", a.kind() == Access.Kind.POKE ? a.value() : Long.parseUnsignedLong(done.value().substring(2), 16));
            }
            case DUMP -> {
                m.put("width", null);
                m.put("length", a.length());
                m.put("value", null);
            }
        }
        m.put("text", done.text());
        return m;
    }
}
