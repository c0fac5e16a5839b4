package io.multilane.exec.workload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Base of workloads whose genesis is all the state they need: no setup blocks. One thread per
 * instance, as for every {@link Workload}.
 */
abstract class NoSetupWorkload implements Workload {
    @Override
    public final int setupBlocks() {
        return 0;
    }

    @Override
    public final int encodeSetupBlock(final int index, final long height, final long timestamp, final DirectBuffer parentRoot,
            final int rootOffset, final MutableDirectBuffer out, final int outOffset) {
        throw new IllegalArgumentException(name() + " has no setup blocks");
    }
}
