package io.barwise.rules;

import io.barwise.model.MemType;
import io.barwise.model.NodeKind;
import io.barwise.model.RemapPath;

/** The page protection the mmap handler sets, the cache mode it asks PAT for, and the remap call. */
public record PageProt(int req, NodeKind kind, String pgprot, MemType want, RemapPath remap, String why)
        implements Facts.PerNode {}
