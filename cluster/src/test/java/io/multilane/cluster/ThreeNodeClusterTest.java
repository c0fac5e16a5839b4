package io.multilane.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Default tier: a 3-member cluster on loopback (each member its own JVM, media driver and store) executes 30
 * DeFi blocks submitted through {@link BlockClient} with several in flight; every result's root is the serial
 * oracle's, a re-offered block is answered WRONG_HEIGHT with its committed result, and each stopped member's store
 * ends at the oracle's height and root.
 */
class ThreeNodeClusterTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void threeMembersExecuteEveryBlockOnceAndAgreeWithTheSerialOracle(@TempDir final Path dir) throws Exception {
        try (Oracle oracle = new Oracle(dir, 0x14);
             LocalCluster cluster = Blocks.startCluster(dir, oracle)) {
            final List<String> roots = new ArrayList<>();
            final List<CompletableFuture<ClusterResult>> results = new ArrayList<>();
            final long first = oracle.height() + 1;
            try (BlockClient client = Blocks.connect(cluster, dir, 4)) {
                int length = 0;
                for (int b = 0; b < 30; b++) {
                    length = oracle.next(200);
                    roots.add(oracle.rootHex());
                    results.add(client.submit(oracle.block(), 0, length));
                }
                for (int b = 0; b < results.size(); b++) {
                    final ClusterResult r = results.get(b).get(60, TimeUnit.SECONDS);
                    assertEquals(first + b, r.height());
                    assertTrue(r.committed() && !r.duplicate(), r.toString());
                    assertEquals(roots.get(b), r.rootHex(), "root of block " + r.height());
                }
                // The last block again: refused as a duplicate, answered with what the cluster committed.
                final ClusterResult again = client.submit(oracle.block(), 0, length).get(60,
                        TimeUnit.SECONDS);
                assertTrue(again.duplicate() && again.committedKnown(), again.toString());
                assertEquals(roots.get(roots.size() - 1), again.rootHex());
            }
            Blocks.stopAndCheck(cluster, oracle);
        }
    }
}
