package io.barwise.rules;

/** Marks facts that belong to one request, so the engine can attribute rule firings to it. */
public interface Facts {
    /** Facts about one request. */
    interface PerRequest { int req(); }
}
