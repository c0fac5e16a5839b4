package io.multilane.exec.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.program.accounts.AccountsInstructions;
import io.multilane.exec.program.amm.AmmInstructions;
import io.multilane.exec.program.tokens.TokensInstructions;
import io.multilane.exec.tx.TxEncoder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Routing: by the contended key, deterministic, total over arbitrary bytes. */
class LaneRouterTest {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final TxEncoder tx = new TxEncoder();

    @Test
    void swapsRouteByTheirFirstPool() {
        tx.wrap(buffer, 0).header(42, 0, 0, ProgramIds.AMM, AmmInstructions.SWAP_EXACT_IN, AmmInstructions.SWAP_PATH + 16)
                .argU8(AmmInstructions.SWAP_HOPS, 2).argU64(AmmInstructions.SWAP_PATH, 777)
                .argU64(AmmInstructions.SWAP_PATH + 8, 5);
        assertEquals(777, LaneRouter.routingKey(buffer, 0, tx.length()));
    }

    @Test
    void liquidityRoutesByPool() {
        tx.wrap(buffer, 0).header(42, 0, 0, ProgramIds.AMM, AmmInstructions.ADD_LIQUIDITY, AmmInstructions.ADD_LENGTH)
                .argU64(AmmInstructions.ADD_POOL, 555);
        assertEquals(555, LaneRouter.routingKey(buffer, 0, tx.length()));
    }

    @Test
    void transferFromRoutesByOwnerAndTransfersBySender() {
        tx.wrap(buffer, 0).header(42, 0, 0, ProgramIds.TOKENS, TokensInstructions.TRANSFER_FROM,
                TokensInstructions.TRANSFER_FROM_LENGTH).argU64(TokensInstructions.TRANSFER_FROM_OWNER, 99);
        assertEquals(99, LaneRouter.routingKey(buffer, 0, tx.length()));
        tx.wrap(buffer, 0).header(42, 0, 0, ProgramIds.ACCOUNTS, AccountsInstructions.TRANSFER,
                AccountsInstructions.TRANSFER_LENGTH).argU64(AccountsInstructions.TRANSFER_TO, 99);
        assertEquals(42, LaneRouter.routingKey(buffer, 0, tx.length()));
    }

    @Test
    void sequentialIdsSpreadOverLanes() {
        final int[] counts = new int[4];
        for (long id = 0; id < 4000; id++) {
            counts[LaneRouter.lane(id, 4)]++;
        }
        for (int c : counts) {
            assertTrue(c > 800 && c < 1200, "lane load " + c + " of 4000");
        }
    }

    @Property(tries = 500)
    void anyBytesRouteToAValidLane(@ForAll("bytes") final byte[] bytes, @ForAll @IntRange(min = 1, max = 64) final int lanes) {
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        final int lane = LaneRouter.route(b, 0, bytes.length, lanes);
        assertTrue(lane >= 0 && lane < lanes);
        assertEquals(lane, LaneRouter.route(b, 0, bytes.length, lanes));
        assertEquals(0, LaneRouter.routingKey(b, 0, bytes.length + 1), "a frame longer than its buffer routes to key 0");
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<byte[]> bytes() {
        return net.jqwik.api.Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(200);
    }
}
