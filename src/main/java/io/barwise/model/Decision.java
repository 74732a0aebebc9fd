package io.barwise.model;

import java.util.List;

/**
 * What barwise predicts for one request.
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

    public boolean granted() { return outcome == Outcome.MAPPED; }
}
