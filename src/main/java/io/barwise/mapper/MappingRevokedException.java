package io.barwise.mapper;

/**
 * An access faulted: the kernel revoked the mapping (a driver claimed the BAR, so the iomem
 * mapping was zapped and the next access got SIGBUS), or the backing went away. The JVM turns
 * the SIGBUS of a memory-segment access into an {@link InternalError}; barwise rethrows it as this.
 * The mapping is unusable afterwards; {@link BarMapping#close()} still unmaps it.
 */
public final class MappingRevokedException extends MappingException {
    public MappingRevokedException(String message, Throwable cause) { super(message, cause); }
}
