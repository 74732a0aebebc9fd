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
        Optional<List<Reservation>> before = machine.patEntries();
        BarMapping m = null;
        try {
            m = BarMapping.openNode(machine, bdf, bar, node, offset, length, new BarMapping.Options(write, false, true));
            Optional<List<Reservation>> after = machine.patEntries();
            long s = m.physicalStart(), e = s + m.length();
            r.put("mapped", true);
            r.put("phys", "0x" + Long.toHexString(s));
            r.put("mappedLength", m.length());
            r.put("patReadable", before.isPresent() && after.isPresent());
            io.barwise.model.MemType added = before.isPresent() && after.isPresent() ? Verification.added(before.get(), after.get(), s, e) : null;
            r.put("memtype", added == null ? null : added.patName());
            r.put("patEntries", after.map(a -> Verification.covering(a, s, e)).orElse(List.of()));
            List<String> acc = new ArrayList<>();
            for (Object o : (List<Object>) st.getOrDefault("reads", List.of())) acc.add(Access.read((String) o).apply(m));
            for (Object o : (List<Object>) st.getOrDefault("pokes", List.of())) acc.add(Access.poke((String) o).apply(m));
            r.put("accesses", acc);
        } catch (MmapFailedException e) {
            r.put("mapped", false);
            r.put("errno", e.errnoName());
            r.put("stage", e.stage());
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
