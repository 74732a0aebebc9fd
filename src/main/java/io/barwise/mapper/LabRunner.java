package io.barwise.mapper;

import io.barwise.model.Reservation;
import io.barwise.sysfs.MachineSource;
import io.barwise.sysfs.PciFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a lab plan inside a guest: scenarios of mapping steps, each step mapped through the named
 * node (no decision is made here: the host predicts from a snapshot and compares), the PAT entry
 * it added recorded while all earlier held mappings of the scenario are still mapped, accesses
 * done, and everything unmapped at the end of the scenario. One JVM runs the whole plan.
 *
 * <p>Plan (JSON, as maps): {@code {vendor, device, scenarios: [{name, steps: [{bar, node, offset,
 * length, hold, write, reads: ["OFF:WIDTH"], pokes: ["OFF:WIDTH=VALUE"]}]}]}}.
 */
public final class LabRunner {
    private LabRunner() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> run(MachineSource machine, Map<String, Object> plan) {
        int vendor = Integer.decode(String.valueOf(plan.getOrDefault("vendor", "0x1af4")));
        int device = Integer.decode(String.valueOf(plan.getOrDefault("device", "0x1110")));
        Map<String, Object> out = new LinkedHashMap<>();
        Optional<PciFunction> fn = machine.devices().stream()
                .filter(f -> f.device().vendor() == vendor && f.device().device() == device).findFirst();
        if (fn.isEmpty()) {
            out.put("error", String.format("no %04x:%04x device", vendor, device));
            return out;
        }
        String bdf = fn.get().device().bdf();
        out.put("bdf", bdf);
        out.put("nodes", fn.get().nodes());
        List<Object> scenarios = new ArrayList<>();
        for (Object so : (List<Object>) plan.get("scenarios")) {
            Map<String, Object> s = (Map<String, Object>) so;
            Map<String, Object> sr = new LinkedHashMap<>();
            sr.put("name", s.get("name"));
            List<Object> steps = new ArrayList<>();
            List<BarMapping> held = new ArrayList<>();
            long t0 = System.nanoTime();
            try {
                for (Object st : (List<Object>) s.get("steps")) steps.add(step(machine, bdf, (Map<String, Object>) st, held));
            } finally {
                for (BarMapping m : held) m.close();
            }
            Optional<List<Reservation>> after = machine.patEntries();
            sr.put("patAfterUnmap", after.map(a -> a.stream().map(r -> r.type().patName() + " " + Long.toHexString(r.start())).toList()).orElse(null));
            sr.put("millis", (System.nanoTime() - t0) / 1_000_000);
            sr.put("steps", steps);
            scenarios.add(sr);
        }
        out.put("scenarios", scenarios);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> step(MachineSource machine, String bdf, Map<String, Object> st, List<BarMapping> held) {
        Map<String, Object> r = new LinkedHashMap<>();
        int bar = ((Number) st.get("bar")).intValue();
        String node = (String) st.get("node");
        long offset = st.get("offset") == null ? 0 : ((Number) st.get("offset")).longValue();
        Long length = st.get("length") == null ? null : ((Number) st.get("length")).longValue();
        boolean hold = !Boolean.FALSE.equals(st.get("hold"));
        boolean write = Boolean.TRUE.equals(st.get("write"));
        r.put("bar", bar);
        r.put("node", node);
        r.put("offset", offset);
        r.put("length", length);
        r.put("exists", node.startsWith("devmem") ? machine.nodePath(bdf, node).map(p -> java.nio.file.Files.exists(p)).orElse(false)
                : machine.device(bdf).map(f -> f.hasNode(node)).orElse(false));
        BarMapping m = null;
        try {
            ObservedMapping om = ObservedMapping.observe(machine,
                    () -> BarMapping.openNode(machine, bdf, bar, node, offset, length, new BarMapping.Options(write, false, true)));
            m = om.mapping();
            Verification.Observed o = om.observed();
            if (m == null) {
                r.put("mapped", false);
                r.put("errno", o.errno());
                r.put("stage", o.stage());
                return r;
            }
            r.put("mapped", true);
            r.put("phys", "0x" + Long.toHexString(m.physicalStart()));
            r.put("mappedLength", m.length());
            r.put("patReadable", o.patReadable());
            r.put("memtype", o.memtype() == null ? null : o.memtype().patName());
            r.put("patEntries", o.patEntries());
            List<String> acc = new ArrayList<>();
            for (Object x : (List<Object>) st.getOrDefault("reads", List.of())) acc.add(Access.read((String) x).apply(m).text());
            for (Object x : (List<Object>) st.getOrDefault("pokes", List.of())) acc.add(Access.poke((String) x).apply(m).text());
            r.put("accesses", acc);
        } catch (MappingException | IllegalArgumentException e) {
            r.put("mapped", false);
            r.put("error", e.getMessage());
        } finally {
            if (m != null) {
                if (hold) held.add(m);
                else m.close();
            }
        }
        return r;
    }
}
