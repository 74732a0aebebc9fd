package io.barwise.rules;

import io.barwise.model.MemType;
import io.barwise.model.NodeKind;

/**
 * An attempt of an intent with its end: granted (with the PTE's and the effective memory type and
 * how well each serves the intent), or not. {@code exists} is false when the node is missing.
 */
public record Candidate(int req, NodeKind kind, int rank, boolean granted, boolean exists, MemType pte, MemType effective,
                        int quality, int pteQuality, boolean fulfils) implements Facts.PerNode {

    public static Candidate granted(WantedIntent w, NodeKind kind, int rank, MemType pte, MemType effective) {
        return new Candidate(w.req(), kind, rank, true, true, pte, effective, Kernel.quality(w.intent(), effective),
                Kernel.quality(w.intent(), pte), Kernel.fulfils(w.intent(), pte) && Kernel.fulfils(w.intent(), effective));
    }

    public static Candidate notGranted(WantedIntent w, NodeKind kind, int rank, boolean exists) {
        return new Candidate(w.req(), kind, rank, false, exists, null, null, -1, -1, false);
    }
}
