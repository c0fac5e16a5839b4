package io.multilane.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Submits the oracle's blocks through a client and checks every result against the oracle's root: each block
 * committed (once: a result is either the commit or a duplicate answered with the same committed root); also starts
 * the tests' 3-member cluster and connects their client. Test thread only.
 */
final class Blocks {
    private final Oracle oracle;
    private final BlockClient client;
    private final List<String> roots = new ArrayList<>();
    private final List<Long> heights = new ArrayList<>();
    private final List<CompletableFuture<ClusterResult>> results = new ArrayList<>();

    Blocks(final Oracle oracle, final BlockClient client) {
        this.oracle = oracle;
        this.client = client;
    }

    /** Starts a 3-member loopback cluster on the oracle's genesis, every member running (closed if one fails to start). */
    static LocalCluster startCluster(final Path dir, final Oracle oracle) throws IOException {
        final LocalCluster cluster = new LocalCluster(dir.resolve("cluster"), LocalCluster.freeLoopbackLayout(3),
                oracle.genesis(), "384m", oracle.nodeArgs());
        try {
            for (int i = 0; i < 3; i++) {
                cluster.start(i);
            }
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Connects a client to the cluster with {@code window} blocks in flight, each allowed 60 s. */
    static BlockClient connect(final LocalCluster cluster, final Path dir, final int window) {
        return BlockClient.connect(cluster.layout(), dir.resolve("client"), window, 60_000);
    }

    /** Submits {@code n} blocks of {@code txs} transactions. */
    void submit(final int n, final int txs) {
        for (int b = 0; b < n; b++) {
            final int length = oracle.next(txs);
            roots.add(oracle.rootHex());
            heights.add(oracle.height());
            results.add(client.submit(oracle.block(), 0, length));
        }
    }

    /** Waits for every result so far and checks it. @return results that were duplicates */
    int awaitAll() throws Exception {
        int duplicates = 0;
        for (int b = 0; b < results.size(); b++) {
            final ClusterResult r = results.get(b).get(120, TimeUnit.SECONDS);
            assertEquals((long) heights.get(b), r.height());
            assertTrue(r.committed(), r.toString());
            if (r.duplicate()) {
                duplicates++;
                if (!r.committedKnown()) {
                    continue;
                }
            }
            assertEquals(roots.get(b), r.rootHex(), "root of block " + r.height());
        }
        return duplicates;
    }

    /** Waits for every member to reach the oracle's height, stops it and checks its store's height and root. */
    static void stopAndCheck(final LocalCluster cluster, final Oracle oracle) throws Exception {
        final int members = cluster.layout().members();
        for (int i = 0; i < members; i++) {
            assertTrue(cluster.awaitHeight(i, oracle.height(), 60_000), "member " + i + " catches up; log:\n"
                    + cluster.log(i));
        }
        for (int i = 0; i < members; i++) {
            assertEquals(0, cluster.stop(i), "member " + i + " exit code; log:\n" + cluster.log(i));
            assertFalse(cluster.log(i).contains("FATAL"), cluster.log(i));
            final LocalCluster.StoreState s = cluster.storeState(i);
            assertEquals(oracle.height(), s.height, "member " + i);
            assertEquals(oracle.rootHex(), s.root, "member " + i);
        }
    }
}
