package io.barwise.mapper;

import io.barwise.Barwise;
import io.barwise.mapper.Verification.Check;
import io.barwise.mapper.Verification.Observed;
import io.barwise.model.Bar;
import io.barwise.model.Decision;
import io.barwise.model.NodeKind;
import io.barwise.model.Prot;
import io.barwise.model.Request;
import io.barwise.model.Reservation;
import io.barwise.sysfs.PciFunction;
import io.barwise.sysfs.SysfsMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every machine is a test: for each BAR of a device with no driver bound (all BARs with
 * {@code force}) and each node of it that is present, open it read-only, mmap one page and then
 * the whole BAR, read pat_memtype_list while the mapping is held, unmap, and compare the errno and
 * the PAT entry with what the engine predicts for the same request. No memory is touched. A node
 * that is not present is opened too (step {@code open}: the kernel's ENOENT against the
 * prediction) and listed, with whether the kernel model expected it.
 */
public final class SelfCheck {
    private SelfCheck() {}

    /** The rule whose firing marks a node the model expects but the machine lacks (rules/kernel/observed.drl). */
    static final String MODEL_EXPECTED_RULE = "note: the model expected a node this machine does not have";

    /**
     * One mapping tried: {@code step} is {@code page} (the first page), {@code bar} (the whole BAR
     * rounded up to pages) or {@code open} (a node that is not present). {@code checks} compare outcome and memtype.
     */
    public record Probe(String bdf, int bar, String node, String step, long length, Decision prediction, Observed observed,
                        List<Check> checks) {
        public boolean ok() { return Verification.allOk(checks); }
    }

    /** A node of a BAR that this machine does not have; {@code modelExpected}: the kernel model creates it. */
    public record Absent(String bdf, int bar, String node, boolean modelExpected) {}

    /** A device or BAR not tried, and why. */
    public record Skipped(String bdf, String why) {}

    public record Result(String machine, boolean patReadable, List<Probe> probes, List<Absent> absent, List<Skipped> skipped) {
        public Result {
            probes = List.copyOf(probes);
            absent = List.copyOf(absent);
            skipped = List.copyOf(skipped);
        }

        public long mismatches() { return probes.stream().filter(p -> !p.ok()).count(); }

        public boolean clean() { return mismatches() == 0; }
    }

    /**
     * Runs the check on {@code machine}, which must be the live machine (a snapshot has nothing to map).
     * {@code engine} should carry no site policy: the kernel's answer is what is compared.
     */
    public static Result run(SysfsMachine machine, Barwise engine, boolean force) {
        if (!machine.isLive()) throw new IllegalArgumentException("selfcheck maps nodes and needs the live machine, not " + machine.name());
        List<Probe> probes = new ArrayList<>();
        List<Absent> absent = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        boolean patActive = machine.platform().platform().patActive();
        long page = Libc.pageSize();
        for (PciFunction f : machine.devices()) {
            String bdf = f.device().bdf();
            if (f.device().driver() != null && !force) {
                skipped.add(new Skipped(bdf, "driver " + f.device().driver() + " is bound (--force checks it too)"));
                continue;
            }
            for (Bar b : f.device().bars()) {
                if (b.size() == 0 || !(b.isMem() || b.isIo())) continue;
                for (NodeKind k : NodeKind.values()) {
                    if (k.isDevmem() && !b.isMem()) continue;
                    String node = k.nodeName(b.index());
                    boolean present = k.isDevmem() ? machine.platform().platform().devmem() : f.hasNode(node);
                    try {
                        Probe first = probe(machine, engine, bdf, b.index(), k, Math.min(page, b.pages(page) * page), present ? "page" : "open",
                                patActive, force);
                        probes.add(first);
                        if (!present) {
                            // open(2) of a file that is not listed: harmless, and the kernel's ENOENT is compared too
                            absent.add(new Absent(bdf, b.index(), node, first.prediction().rules().contains(MODEL_EXPECTED_RULE)));
                            continue;
                        }
                        if (b.pages(page) > 1) probes.add(probe(machine, engine, bdf, b.index(), k, null, "bar", patActive, force));
                    } catch (MappingException e) {
                        skipped.add(new Skipped(bdf, node + ": " + e.getMessage()));
                    }
                }
            }
        }
        return new Result(machine.name(), machine.patEntries().isPresent(), probes, absent, skipped);
    }

    private static Decision decide(SysfsMachine machine, Barwise engine, String bdf, int bar, NodeKind k, Long length) {
        Request r = new Request(0, bdf, bar, k, null, 0, length, Prot.READ, true, true);
        return engine.decide(machine.scenario(List.of(r))).decisions().get(0);
    }

    private static Probe probe(SysfsMachine machine, Barwise engine, String bdf, int bar, NodeKind k, Long length, String step,
                               boolean patActive, boolean force) {
        Decision d = decide(machine, engine, bdf, bar, k, length);
        Observed o;
        Optional<List<Reservation>> before = machine.patEntries();
        try (BarMapping m = BarMapping.open(machine, d, new BarMapping.Options(false, force, true))) {
            Optional<List<Reservation>> after = machine.patEntries(); // while held
            long s = m.physicalStart(), e = s + m.length();
            boolean readable = before.isPresent() && after.isPresent();
            o = new Observed(true, null, null, readable ? Verification.added(before.get(), after.get(), s, e) : null, readable,
                    after.map(a -> Verification.covering(a, s, e)).orElse(List.of()));
        } catch (MmapFailedException e) {
            o = Observed.failed(e);
        }
        return new Probe(bdf, bar, k.nodeName(bar), step, d.mapLength(), d, o, Verification.compare(d, o, patActive));
    }

    /** The result as a JSON/YAML-ready document: {@code machine}, {@code clean}, {@code mismatches}, {@code probes[]}, {@code absent[]}, {@code skipped[]}. */
    public static java.util.Map<String, Object> document(Result r) {
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("machine", r.machine());
        doc.put("clean", r.clean());
        doc.put("mismatches", r.mismatches());
        doc.put("patReadable", r.patReadable());
        List<Object> probes = new ArrayList<>();
        for (Probe p : r.probes()) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("bdf", p.bdf());
            m.put("bar", p.bar());
            m.put("node", p.node());
            m.put("step", p.step());
            m.put("length", p.length());
            m.put("predicted", p.prediction().outcome() == io.barwise.model.Outcome.MAPPED ? "mapped" : String.valueOf(p.prediction().errno()));
            m.put("predictedMemtype", p.prediction().memtype() == null ? null : p.prediction().memtype().patName());
            m.put("observed", p.observed().outcome());
            m.put("observedMemtype", p.observed().mapped() ? p.observed().memtypeText() : null);
            m.put("patEntries", p.observed().patEntries());
            m.put("ok", p.ok());
            List<Object> checks = new ArrayList<>();
            for (Check c : p.checks()) {
                java.util.Map<String, Object> cm = new java.util.LinkedHashMap<>();
                cm.put("what", c.what());
                cm.put("predicted", c.predicted());
                cm.put("observed", c.observed());
                cm.put("ok", c.ok());
                if (c.note() != null) cm.put("note", c.note());
                checks.add(cm);
            }
            m.put("checks", checks);
            m.put("reasons", p.prediction().reasons());
            m.put("warnings", p.prediction().warnings());
            m.put("unknowns", p.prediction().unknowns());
            probes.add(m);
        }
        doc.put("probes", probes);
        List<Object> absent = new ArrayList<>();
        for (Absent a : r.absent()) {
            absent.add(new java.util.LinkedHashMap<>(java.util.Map.of("bdf", a.bdf(), "bar", a.bar(), "node", a.node(), "modelExpected", a.modelExpected())));
        }
        doc.put("absent", absent);
        List<Object> skipped = new ArrayList<>();
        for (Skipped k : r.skipped()) skipped.add(new java.util.LinkedHashMap<>(java.util.Map.of("bdf", k.bdf(), "why", k.why())));
        doc.put("skipped", skipped);
        return doc;
    }

    /**
     * Writes one file for a bug report: a tar archive ({@code .tar.gz} or {@code .tgz}: gzipped)
     * holding {@code barwise-selfcheck/snapshot/} (what {@code barwise snapshot} writes) and
     * {@code barwise-selfcheck/selfcheck.json} (the observations).
     */
    public static void bundle(SysfsMachine machine, byte[] json, java.nio.file.Path out) throws java.io.IOException {
        java.nio.file.Path tmp = java.nio.file.Files.createTempDirectory("barwise-selfcheck");
        try {
            java.nio.file.Path snap = tmp.resolve("snapshot");
            io.barwise.sysfs.SnapshotWriter.write(machine, snap);
            String name = out.getFileName().toString();
            boolean gz = name.endsWith(".gz") || name.endsWith(".tgz");
            try (java.io.OutputStream file = java.nio.file.Files.newOutputStream(out);
                 java.io.OutputStream o = gz ? new java.util.zip.GZIPOutputStream(file) : file) {
                io.barwise.sysfs.Tar.directory(o, snap, "barwise-selfcheck/snapshot");
                io.barwise.sysfs.Tar.file(o, "barwise-selfcheck/selfcheck.json", json);
                io.barwise.sysfs.Tar.finish(o);
            }
        } finally {
            try (var s = java.nio.file.Files.walk(tmp)) {
                for (java.nio.file.Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.deleteIfExists(p);
            }
        }
    }
}
