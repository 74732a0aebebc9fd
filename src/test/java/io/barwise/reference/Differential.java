package io.barwise.reference;

import io.barwise.engine.DecisionEngine;
import io.barwise.engine.Report;
import io.barwise.model.Arch;
import io.barwise.model.Bar;
import io.barwise.model.Caller;
import io.barwise.model.Decision;
import io.barwise.model.Device;
import io.barwise.model.Feature;
import io.barwise.model.Hypervisor;
import io.barwise.model.IomemMode;
import io.barwise.model.KernelVersion;
import io.barwise.model.Lockdown;
import io.barwise.model.MemType;
import io.barwise.model.Mtrr;
import io.barwise.model.MtrrRange;
import io.barwise.model.Outcome;
import io.barwise.model.Platform;
import io.barwise.model.Request;
import io.barwise.model.Reservation;
import io.barwise.model.Scenario;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Compares the Drools engine with the reference model on one scenario, and shrinks scenarios that disagree. */
final class Differential {

    private final DecisionEngine engine;
    private final ReferenceModel model;

    Differential(DecisionEngine engine, ReferenceModel model) {
        this.engine = engine;
        this.model = model;
    }

    /** The first request whose decisions differ (later ones depend on it through reservations). */
    record Mismatch(Scenario scenario, int index, List<String> fields, Decision reference, Decision engine, String exception,
                    Report engineReport) {
        Request request() { return scenario.requests().get(index); }

        String signature() { return exception != null ? "exception " + exception.split(":")[0] : String.join(",", fields); }

        String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append("request #").append(request().id()).append(" (index ").append(index).append("): ")
                    .append(ScenarioText.request(request())).append('\n');
            if (exception != null) {
                sb.append("  engine threw: ").append(exception).append('\n');
            } else {
                sb.append("  differs in: ").append(String.join(", ", fields)).append('\n');
            }
            sb.append("  reference: ").append(ScenarioText.decision(reference)).append('\n');
            if (reference != null) sb.append("             ").append(String.join(" | ", reference.reasons())).append('\n');
            sb.append("  engine:    ").append(ScenarioText.decision(engine)).append('\n');
            if (engine != null) sb.append("             ").append(String.join(" | ", engine.reasons())).append('\n');
            return sb.toString();
        }
    }

    /** True when the two reports agree on every compared field of every request. */
    static boolean agree(Report a, Report b) {
        for (int i = 0; i < a.decisions().size(); i++) {
            if (!diff(a.decisions().get(i), b.decisions().get(i)).isEmpty()) return false;
        }
        return true;
    }

    /** Null when both agree on every request. */
    Mismatch compare(Scenario s) {
        Report ref = model.decide(s);
        Report eng;
        try {
            eng = engine.decide(s);
        } catch (RuntimeException e) {
            return new Mismatch(s, 0, List.of(), ref.decisions().get(0), null, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
        for (int i = 0; i < s.requests().size(); i++) {
            Decision a = ref.decisions().get(i);
            Decision b = eng.decisions().get(i);
            List<String> f = diff(a, b);
            if (!f.isEmpty()) return new Mismatch(s, i, f, a, b, null, eng);
        }
        return null;
    }

    static List<String> diff(Decision a, Decision b) {
        List<String> f = new ArrayList<>(2);
        if (!Objects.equals(a.node(), b.node())) f.add("node");
        if (a.outcome() != b.outcome()) f.add("outcome");
        if (a.errno() != b.errno()) f.add("errno");
        if (a.outcome() == Outcome.MAPPED && b.outcome() == Outcome.MAPPED) {
            if (a.memtype() != b.memtype()) f.add("memtype");
            if (a.effective() != b.effective()) f.add("effective");
            if (a.remap() != b.remap()) f.add("remap");
        }
        // Where a refused mapping would have started is not an answer: compare the range of granted ones only.
        if (a.granted() && a.mapStart() != b.mapStart()) f.add("mapStart");
        if (a.mapLength() != b.mapLength()) f.add("mapLength");
        return f;
    }

    // ------------------------------------------------------------------------------------------
    // Shrinking: keep applying simplifications while the same kind of disagreement remains.

    Mismatch shrink(Mismatch m) {
        String sig = m.signature();
        Mismatch best = m;
        boolean progress = true;
        int rounds = 0;
        while (progress && rounds++ < 50) {
            progress = false;
            for (Scenario cand : candidates(best.scenario(), best.index())) {
                Mismatch mm;
                try {
                    mm = compare(cand);
                } catch (RuntimeException e) {
                    continue; // the reference rejects it: not a valid simplification
                }
                if (mm != null && mm.signature().equals(sig)) {
                    best = mm;
                    progress = true;
                    break;
                }
            }
        }
        return best;
    }

    private static List<Scenario> candidates(Scenario s, int failing) {
        List<Scenario> out = new ArrayList<>();
        List<Request> reqs = s.requests();
        // drop requests after the failing one, then each one before it
        if (failing < reqs.size() - 1) out.add(with(s, reqs.subList(0, failing + 1)));
        for (int i = 0; i < failing; i++) {
            List<Request> l = new ArrayList<>(reqs);
            l.remove(i);
            out.add(with(s, l));
        }
        for (int i = 0; i < s.reservations().size(); i++) {
            List<Reservation> l = new ArrayList<>(s.reservations());
            l.remove(i);
            out.add(new Scenario(s.platform(), s.devices(), l, reqs));
        }
        Set<String> used = new HashSet<>();
        for (Request r : reqs) used.add(r.device() + "#" + r.bar());
        for (int i = 0; i < s.devices().size(); i++) {
            Device d = s.devices().get(i);
            if (used.stream().noneMatch(u -> u.startsWith(d.bdf() + "#"))) {
                List<Device> l = new ArrayList<>(s.devices());
                l.remove(i);
                out.add(new Scenario(s.platform(), l, s.reservations(), reqs));
            }
            for (Bar b : d.bars()) {
                if (!used.contains(d.bdf() + "#" + b.index())) {
                    out.add(replaceDevice(s, i, dev(d, d.bars().stream().filter(x -> x != b).toList())));
                }
            }
        }
        // platform
        Platform p = s.platform();
        Mtrr m = p.mtrr();
        for (int i = 0; i < m.ranges().size(); i++) {
            List<MtrrRange> l = new ArrayList<>(m.ranges());
            l.remove(i);
            out.add(plat(s, mtrr(p, new Mtrr(m.enabled(), m.defaultType(), l))));
        }
        if (m.enabled() && m.ranges().isEmpty() && m.defaultType() == MemType.WB) out.add(plat(s, mtrr(p, Mtrr.DISABLED)));
        if (m.enabled() && m.defaultType() != MemType.WB) out.add(plat(s, mtrr(p, new Mtrr(true, MemType.WB, m.ranges()))));
        for (Feature f : p.features()) {
            EnumSet<Feature> fs = EnumSet.noneOf(Feature.class);
            fs.addAll(p.features());
            fs.remove(f);
            out.add(plat(s, p.withFeatures(fs)));
        }
        if (p.lockdown() != Lockdown.NONE) out.add(plat(s, new Platform(p.arch(), p.kernel(), p.pat(), p.mtrr(), Lockdown.NONE, p.iomem(),
                p.strictDevmem(), p.ioStrictDevmem(), p.caller(), p.hypervisor(), p.features())));
        if (p.hypervisor() != Hypervisor.NONE) out.add(plat(s, new Platform(p.arch(), p.kernel(), p.pat(), p.mtrr(), p.lockdown(), p.iomem(),
                p.strictDevmem(), p.ioStrictDevmem(), p.caller(), Hypervisor.NONE, p.features())));
        if (!p.caller().equals(Caller.ROOT)) out.add(plat(s, new Platform(p.arch(), p.kernel(), p.pat(), p.mtrr(), p.lockdown(), p.iomem(),
                p.strictDevmem(), p.ioStrictDevmem(), Caller.ROOT, p.hypervisor(), p.features())));
        if (p.iomem() != IomemMode.DEFAULT) out.add(plat(s, new Platform(p.arch(), p.kernel(), p.pat(), p.mtrr(), p.lockdown(), IomemMode.DEFAULT,
                p.strictDevmem(), p.ioStrictDevmem(), p.caller(), p.hypervisor(), p.features())));
        if (p.ioStrictDevmem()) out.add(plat(s, new Platform(p.arch(), p.kernel(), p.pat(), p.mtrr(), p.lockdown(), p.iomem(),
                p.strictDevmem(), false, p.caller(), p.hypervisor(), p.features())));
        if (p.strictDevmem()) out.add(plat(s, new Platform(p.arch(), p.kernel(), p.pat(), p.mtrr(), p.lockdown(), p.iomem(),
                false, p.ioStrictDevmem(), p.caller(), p.hypervisor(), p.features())));
        if (!p.kernel().equals(new KernelVersion(6, 12))) out.add(plat(s, new Platform(p.arch(), new KernelVersion(6, 12), p.pat(), p.mtrr(),
                p.lockdown(), p.iomem(), p.strictDevmem(), p.ioStrictDevmem(), p.caller(), p.hypervisor(), p.features())));
        if (p.arch() != Arch.X86_64) out.add(plat(s, new Platform(Arch.X86_64, p.kernel(), p.pat(), p.mtrr(),
                p.lockdown(), p.iomem(), p.strictDevmem(), p.ioStrictDevmem(), p.caller(), p.hypervisor(), p.features())));
        if (!p.pat()) out.add(plat(s, new Platform(p.arch(), p.kernel(), true, p.mtrr(),
                p.lockdown(), p.iomem(), p.strictDevmem(), p.ioStrictDevmem(), p.caller(), p.hypervisor(), p.features())));
        // requests
        for (int i = 0; i < reqs.size(); i++) {
            Request r = reqs.get(i);
            if (r.offset() != 0) out.add(req(s, i, new Request(r.id(), r.device(), r.bar(), r.node(), r.intent(), 0, r.length(), r.prot(), r.shared(), r.hold())));
            if (r.length() != null) out.add(req(s, i, new Request(r.id(), r.device(), r.bar(), r.node(), r.intent(), r.offset(), null, r.prot(), r.shared(), r.hold())));
            if (r.hold() && i >= failing) out.add(req(s, i, new Request(r.id(), r.device(), r.bar(), r.node(), r.intent(), r.offset(), r.length(), r.prot(), r.shared(), false)));
            if (r.id() != i) out.add(req(s, i, new Request(i, r.device(), r.bar(), r.node(), r.intent(), r.offset(), r.length(), r.prot(), r.shared(), r.hold())));
        }
        // devices and BARs
        for (int i = 0; i < s.devices().size(); i++) {
            Device d = s.devices().get(i);
            if (d.nonMappableBars()) out.add(replaceDevice(s, i, new Device(d.bdf(), d.vendor(), d.device(), d.subsystemVendor(), d.subsystemDevice(),
                    d.classCode(), d.revision(), d.driver(), false, d.bars())));
            for (int j = 0; j < d.bars().size(); j++) {
                Bar b = d.bars().get(j);
                final int jj = j;
                UnaryOperator<Bar> put = nb -> nb;
                List<Bar> variants = new ArrayList<>();
                if (b.busy() || b.exclusive()) variants.add(b.withBusy(false, false));
                if (b.exclusive()) variants.add(b.withBusy(b.busy(), false));
                if (b.backing() != Bar.Backing.AUTO) variants.add(new Bar(b.index(), b.start(), b.end(), b.flags(), b.busy(), b.exclusive(), Bar.Backing.AUTO));
                for (long bit : new long[] {0x8000, 0x100000, 0x40000, 0xf, 0x2000}) {
                    if ((b.flags() & bit) != 0) variants.add(new Bar(b.index(), b.start(), b.end(), b.flags() & ~bit, b.busy(), b.exclusive(), b.backing()));
                }
                if (b.size() > 4096) variants.add(new Bar(b.index(), b.start(), b.start() + 4095, b.flags(), b.busy(), b.exclusive(), b.backing()));
                if ((b.start() & 0xfff) != 0) variants.add(new Bar(b.index(), b.start() & ~0xfffL, (b.start() & ~0xfffL) + b.size() - 1, b.flags(), b.busy(), b.exclusive(), b.backing()));
                for (Bar v : variants) {
                    List<Bar> l = new ArrayList<>(d.bars());
                    l.set(jj, put.apply(v));
                    out.add(replaceDevice(s, i, dev(d, l)));
                }
            }
        }
        return out;
    }

    private static Scenario with(Scenario s, List<Request> reqs) { return new Scenario(s.platform(), s.devices(), s.reservations(), reqs); }

    private static Scenario plat(Scenario s, Platform p) { return new Scenario(p, s.devices(), s.reservations(), s.requests()); }

    private static Platform mtrr(Platform p, Mtrr m) {
        return new Platform(p.arch(), p.kernel(), p.pat(), m, p.lockdown(), p.iomem(), p.strictDevmem(), p.ioStrictDevmem(), p.caller(),
                p.hypervisor(), p.features());
    }

    private static Scenario req(Scenario s, int i, Request r) {
        List<Request> l = new ArrayList<>(s.requests());
        l.set(i, r);
        return with(s, l);
    }

    private static Device dev(Device d, List<Bar> bars) {
        return new Device(d.bdf(), d.vendor(), d.device(), d.subsystemVendor(), d.subsystemDevice(), d.classCode(), d.revision(), d.driver(),
                d.nonMappableBars(), bars);
    }

    private static Scenario replaceDevice(Scenario s, int i, Device d) {
        List<Device> l = new ArrayList<>(s.devices());
        l.set(i, d);
        return new Scenario(s.platform(), l, s.reservations(), s.requests());
    }
}
