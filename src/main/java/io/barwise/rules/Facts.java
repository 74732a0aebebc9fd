package io.barwise.rules;

/** Marks facts that belong to one request, so the engine can attribute rule firings to it. */
public interface Facts {
    /** Facts about one request. */
    interface PerRequest { int req(); }

    /** Facts about one node tried for one request. */
    interface PerNode extends PerRequest { io.barwise.model.NodeKind kind(); }
}
