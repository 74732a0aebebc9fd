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
 */
public record Decision(
        Request request, String node, Outcome outcome, Errno errno, String pgprot, MemType memtype,
        MemType effective, RemapPath remap, List<String> rules, List<String> reasons,
        List<String> warnings, List<Alternative> alternatives, long mapStart, long mapLength) {

    public Decision {
        rules = List.copyOf(rules);
        reasons = List.copyOf(reasons);
        warnings = List.copyOf(warnings);
        alternatives = List.copyOf(alternatives);
    }

    public boolean granted() { return outcome == Outcome.MAPPED; }

    /** Granted for an intent, but through a node that does not give what the intent asks for (the best there was). */
    public boolean degraded() { return granted() && alternatives.stream().anyMatch(a -> a.chosen() && !a.fulfils()); }
}
