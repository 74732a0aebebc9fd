package io.barwise.model;

import java.util.List;

/**
 * What barwise predicts for one request. Build one with the factory of its outcome ({@link #mapped},
 * {@link #refused}, {@link #denied}, {@link #deniedBeforeChoice}); each takes only the fields that outcome has.
 *
 * @param node      the file mapped (e.g. {@code resource2_wc}, {@code devmem}); null if no node could be chosen
 * @param errno     set when the kernel refuses
 * @param pgprot    the page protection the kernel asks for, e.g. {@code PCD (UC-)}
 * @param memtype   the PAT entry the mapping creates or inherits (x86 with PAT); null when untracked or none
 * @param effective the memory type CPU accesses really get, after MTRR, PAT and the hypervisor
 * @param remap     the kernel function that installs the PTEs
 * @param rules     names of the rules that fired for this request, in order
 * @param reasons   one line per step of the decision, each naming the kernel function it mirrors
 * @param unknowns  the facts this decision depends on that the machine did not show (e.g. {@code lockdown},
 *                  {@code claim}, {@code hypervisor}); each also has a warning saying what was assumed
 */
public record Decision(
        Request request, String node, Outcome outcome, Errno errno, String pgprot, MemType memtype,
        MemType effective, RemapPath remap, List<String> rules, List<String> reasons,
        List<String> warnings, List<Alternative> alternatives, long mapStart, long mapLength, List<String> unknowns) {

    public Decision {
        rules = List.copyOf(rules);
        reasons = List.copyOf(reasons);
        warnings = List.copyOf(warnings);
        alternatives = List.copyOf(alternatives);
        unknowns = unknowns == null ? List.of() : List.copyOf(unknowns);
    }

    /** A decision that depends on nothing unknown. */
    public Decision(Request request, String node, Outcome outcome, Errno errno, String pgprot, MemType memtype,
                    MemType effective, RemapPath remap, List<String> rules, List<String> reasons,
                    List<String> warnings, List<Alternative> alternatives, long mapStart, long mapLength) {
        this(request, node, outcome, errno, pgprot, memtype, effective, remap, rules, reasons, warnings, alternatives,
                mapStart, mapLength, List.of());
    }

    /** This decision, depending also on these unknown facts, each with its warning. */
    public Decision withUnknowns(List<String> facts, List<String> texts) {
        if (facts.isEmpty() && texts.isEmpty()) return this;
        List<String> w = new java.util.ArrayList<>(warnings);
        texts.stream().filter(t -> !w.contains(t)).forEach(w::add);
        List<String> u = new java.util.ArrayList<>(unknowns);
        facts.stream().filter(f -> !u.contains(f)).forEach(u::add);
        return new Decision(request, node, outcome, errno, pgprot, memtype, effective, remap, rules, reasons, w, alternatives,
                mapStart, mapLength, u);
    }

    /**
     * What every outcome carries: the request, the physical range the mapping would cover, and how it was decided.
     *
     * @param alternatives the other nodes considered for an intent, with their verdicts (empty for an explicit node)
     */
    public record Basis(Request request, long mapStart, long mapLength, List<String> rules, List<String> reasons,
                        List<String> warnings, List<Alternative> alternatives) {}

    /** The kernel grants the mapping: its page protection, PAT entry (null when untracked), effective type and remap path. */
    public static Decision mapped(Basis b, String node, String pgprot, MemType memtype, MemType effective, RemapPath remap) {
        return of(b, node, Outcome.MAPPED, null, pgprot, memtype, effective, remap);
    }

    /** The kernel refuses with {@code errno}; pgprot and remap are those it would have used, when known that far. */
    public static Decision refused(Basis b, String node, Errno errno, String pgprot, RemapPath remap) {
        return of(b, node, Outcome.REFUSED, errno, pgprot, null, null, remap);
    }

    /** A site policy denies the chosen node. */
    public static Decision denied(Basis b, String node) {
        return of(b, node, Outcome.DENIED, null, null, null, null, null);
    }

    /** A site policy denies the request before any node is chosen: the node is the one requested, or none for an intent. */
    public static Decision deniedBeforeChoice(Basis b) {
        Request r = b.request();
        return denied(b, r.node() == null ? null : r.node().nodeName(r.bar()));
    }

    private static Decision of(Basis b, String node, Outcome outcome, Errno errno, String pgprot, MemType memtype,
                               MemType effective, RemapPath remap) {
        return new Decision(b.request(), node, outcome, errno, pgprot, memtype, effective, remap, b.rules(), b.reasons(),
                b.warnings(), b.alternatives(), b.mapStart(), b.mapLength());
    }

    public boolean granted() { return outcome == Outcome.MAPPED; }

    /** Granted for an intent, but through a node that does not give what the intent asks for (the best there was). */
    public boolean degraded() { return granted() && alternatives.stream().anyMatch(a -> a.chosen() && !a.fulfils()); }
}
