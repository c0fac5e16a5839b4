package io.multilane.exec.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import io.multilane.exec.program.amm.AmmInstructions;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockFlyweight;
import io.multilane.exec.tx.TxDescriptor;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class HotPoolWorkloadTest extends WorkloadContract {
    @Override
    Workload create(final long seed) {
        return Workloads.create(Workloads.HOT_POOL, seed, 1000);
    }

    @Override
    double successFloor() {
        return 1.0;
    }

    @Override
    void assertMix(final Map<String, Integer> counts, final int total) {
        assertEquals(Map.of("3/" + AmmInstructions.SWAP_EXACT_IN, total), counts, "only amm/swap_exact_in");
    }

    @Test
    void everySwapUsesTheOnePoolAndDirectionsAlternate() {
        final Workload w = create(1);
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(1 << 17);
        final int length = w.encodeBlock(3, 3, new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]), 0, out, 0, TXS);
        final BlockFlyweight block = new BlockFlyweight().wrap(out, 0, length);
        int i = 0;
        while (block.nextTx()) {
            final int args = block.txOffset() + TxDescriptor.ARGS_OFFSET;
            assertEquals(DefiMixWorkload.FIRST_POOL, out.getLong(args + AmmInstructions.SWAP_PATH, TxDescriptor.ORDER));
            assertEquals(1, out.getByte(args + AmmInstructions.SWAP_HOPS));
            final long expectedIn = DefiMixWorkload.FIRST_TOKEN + (i++ & 1);
            assertEquals(expectedIn, out.getLong(args + AmmInstructions.SWAP_TOKEN_IN, TxDescriptor.ORDER));
        }
        assertEquals(TXS, i);
    }
}
