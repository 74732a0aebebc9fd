/**
 * barwise: decides how to mmap a PCI BAR from Linux userspace, predicts what the kernel and the
 * hardware will make of it, explains why, and maps it for real.
 *
 * <p>The public API: {@link io.barwise.Barwise} (start here), the immutable records of
 * {@link io.barwise.model}, {@link io.barwise.engine.Report}, the policy types
 * {@link io.barwise.policy.PolicyRule} and {@link io.barwise.policy.PolicyVerdict}, and the mapper
 * in {@code io.barwise.mapper}. Everything else ({@code io.barwise.rules}, readers, the CLI) may
 * change without notice.
 */
package io.barwise;
