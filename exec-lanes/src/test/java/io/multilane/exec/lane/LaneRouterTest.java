package io.multilane.exec.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilane.exec.program.InstructionEncoder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Routing: by the contended key, deterministic, total over arbitrary bytes. */
class LaneRouterTest {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final InstructionEncoder tx = new InstructionEncoder();

    @Test
    void swapsRouteByTheirFirstPool() {
        final int length = tx.begin(buffer, 0, 42, 0, 0).swap(1, 0, 10, 0, 0, 777, 5).length();
        assertEquals(777, LaneRouter.routingKey(buffer, 0, length));
    }

    @Test
    void liquidityRoutesByPool() {
        final int length = tx.begin(buffer, 0, 42, 0, 0).addLiquidity(555, 0, 10, 0, 10, 0, 0).length();
        assertEquals(555, LaneRouter.routingKey(buffer, 0, length));
    }

    @Test
    void transferFromRoutesByOwnerAndTransfersBySender() {
        final int length = tx.begin(buffer, 0, 42, 0, 0).transferFrom(3, 99, 7, 0, 10).length();
        assertEquals(99, LaneRouter.routingKey(buffer, 0, length));
        assertEquals(42, LaneRouter.routingKey(buffer, 0, tx.begin(buffer, 0, 42, 0, 0).coinTransfer(99, 0, 10).length()));
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
