package io.barwise.mapper;

import io.barwise.model.Bar;
import io.barwise.model.MemType;
import io.barwise.model.Reservation;
import io.barwise.sysfs.MachineSource;
import io.barwise.sysfs.PciFunction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a lab plan inside a guest: per target device, scenarios of steps, each mapping step mapped
 * through the named node (no decision is made here: the host predicts from a snapshot and
 * compares), the PAT entry it added recorded while all earlier held mappings of the scenario are
 * still mapped, accesses done, and everything unmapped at the end of the scenario. One JVM runs the
 * whole plan. The lab observes the kernel, so devices with a driver bound are mapped too.
 *
 * <p>Plan (JSON, as maps): {@code {vendor, device, targets: [{size, scenarios: [{name, steps}]}]}};
 * a target is the device (vendor:device) whose BAR 2 is {@code size} bytes. A step is one of
 * <ul>
 *   <li>a mapping: {@code {bar, node, offset, length, hold, write, reads: ["OFF:WIDTH"], pokes: ["OFF:WIDTH=VALUE"]}};
 *   <li>{@code {action: "bind", driver}}: bind the target to that driver through {@code driver_override}
 *       (as DPDK's devbind does), with a mapping of this scenario possibly still held;
 *   <li>{@code {action: "touch", step: N, reads: [...]}}: access the mapping step N of this scenario
 *       made and still holds (after a bind: was it revoked?).
 * </ul>
 */
public final class LabRunner {
    private LabRunner() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> run(MachineSource machine, Map<String, Object> plan) {
        int vendor = Integer.decode(String.valueOf(plan.getOrDefault("vendor", "0x1af4")));
        int device = Integer.decode(String.valueOf(plan.getOrDefault("device", "0x1110")));
        Map<String, Object> out = new LinkedHashMap<>();
        List<Object> targets = new ArrayList<>();
        for (Object to : (List<Object>) plan.get("targets")) {
            Map<String, Object> t = (Map<String, Object>) to;
            long size = ((Number) t.get("size")).longValue();
            Optional<PciFunction> fn = machine.devices().stream()
                    .filter(f -> f.device().vendor() == vendor && f.device().device() == device)
                    .filter(f -> f.device().bar(2).map(Bar::size).orElse(0L) == size).findFirst();
            if (fn.isEmpty()) {
                out.put("error", String.format("no %04x:%04x device with a %d-byte BAR 2", vendor, device, size));
                return out;
            }
            targets.add(target(machine, fn.get(), (List<Object>) t.get("scenarios")));
        }
        out.put("targets", targets);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> target(MachineSource machine, PciFunction fn, List<Object> scenarioPlans) {
        String bdf = fn.device().bdf();
        Map<String, Object> tr = new LinkedHashMap<>();
        tr.put("bdf", bdf);
        tr.put("size", fn.device().bar(2).map(Bar::size).orElse(0L));
        tr.put("driver", fn.device().driver());
        tr.put("nodes", fn.nodes());
        Bar bar2 = fn.device().bar(2).orElseThrow();
        // what holds the BAR before this process maps anything (a driver's kernel mapping)
        tr.put("patAtStart", machine.patEntries().map(a -> Verification.covering(a, bar2.start(), bar2.end() + 1)).orElse(null));
        List<Object> scenarios = new ArrayList<>();
        for (Object so : scenarioPlans) {
            Map<String, Object> s = (Map<String, Object>) so;
            Map<String, Object> sr = new LinkedHashMap<>();
            sr.put("name", s.get("name"));
            List<Object> steps = new ArrayList<>();
            List<BarMapping> held = new ArrayList<>();
            Map<Integer, BarMapping> byStep = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            try {
                for (Object st : (List<Object>) s.get("steps")) {
                    Map<String, Object> step = (Map<String, Object>) st;
                    Object action = step.get("action");
                    if ("bind".equals(action)) steps.add(bind(bdf, (String) step.get("driver")));
                    else if ("touch".equals(action)) steps.add(touch(byStep.get(((Number) step.get("step")).intValue()), step));
                    else steps.add(map(machine, bdf, step, held, byStep, steps.size()));
                }
            } finally {
                for (BarMapping m : held) m.close();
            }
            Optional<List<Reservation>> after = machine.patEntries();
            sr.put("patAfterUnmap", after.map(a -> a.stream().map(r -> r.type().patName() + " " + Long.toHexString(r.start())).toList()).orElse(null));
            sr.put("millis", (System.nanoTime() - t0) / 1_000_000);
            sr.put("steps", steps);
            scenarios.add(sr);
        }
        tr.put("scenarios", scenarios);
        return tr;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(MachineSource machine, String bdf, Map<String, Object> st, List<BarMapping> held,
                                           Map<Integer, BarMapping> byStep, int index) {
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
        r.put("exists", node.startsWith("devmem") ? machine.nodePath(bdf, node).map(Files::exists).orElse(false)
                : machine.device(bdf).map(f -> f.hasNode(node)).orElse(false));
        BarMapping m = null;
        try {
            // force: the lab also maps BARs whose device has a driver bound (uio, the claiming driver)
            ObservedMapping om = ObservedMapping.observe(machine,
                    () -> BarMapping.openNode(machine, bdf, bar, node, offset, length, new BarMapping.Options(write, true, true)));
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
            r.put("accesses", accesses(m, st, r));
        } catch (MappingException | IllegalArgumentException e) {
            r.put("mapped", false);
            r.put("error", e.getMessage());
        } finally {
            if (m != null) {
                if (hold) {
                    held.add(m);
                    byStep.put(index, m);
                } else {
                    m.close();
                }
            }
        }
        return r;
    }

    /** The reads and pokes of a step; a fault (revoked mapping) ends them and is recorded. */
    @SuppressWarnings("unchecked")
    private static List<String> accesses(BarMapping m, Map<String, Object> st, Map<String, Object> r) {
        List<String> acc = new ArrayList<>();
        try {
            for (Object o : (List<Object>) st.getOrDefault("reads", List.of())) acc.add(Access.read((String) o).apply(m).text());
            for (Object o : (List<Object>) st.getOrDefault("pokes", List.of())) acc.add(Access.poke((String) o).apply(m).text());
            r.put("revoked", false);
        } catch (MappingRevokedException e) {
            r.put("revoked", true);
            acc.add("fault: " + e.getMessage());
        }
        return acc;
    }

    private static Map<String, Object> touch(BarMapping m, Map<String, Object> st) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("action", "touch");
        r.put("step", st.get("step"));
        if (m == null) {
            r.put("error", "step " + st.get("step") + " holds no mapping");
            return r;
        }
        r.put("accesses", accesses(m, st, r));
        return r;
    }

    /** Binds through driver_override and drivers_probe (what dpdk-devbind does), then reads the driver link back. */
    private static Map<String, Object> bind(String bdf, String driver) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("action", "bind");
        r.put("driver", driver);
        Path dev = Path.of("/sys/bus/pci/devices", bdf);
        try {
            Files.writeString(dev.resolve("driver_override"), driver + "\n", StandardCharsets.US_ASCII);
            Files.writeString(Path.of("/sys/bus/pci/drivers_probe"), bdf + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            r.put("error", "bind " + bdf + " to " + driver + ": " + e);
        }
        Path link = dev.resolve("driver");
        try {
            r.put("bound", Files.isSymbolicLink(link) ? Files.readSymbolicLink(link).getFileName().toString() : null);
        } catch (IOException e) {
            r.put("bound", null);
        }
        return r;
    }
}
