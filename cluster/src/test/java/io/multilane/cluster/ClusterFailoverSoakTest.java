package io.multilane.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.aeron.cluster.RecordingLog;
import io.multilane.exec.workload.DefiWorkload;
import io.multilane.state.DirectoryTree;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak tier: crash faults on a 3-member loopback cluster, each checked against the serial oracle: a follower killed
 * with SIGKILL and restarted catches up; the leader killed with SIGKILL is replaced and every block in flight
 * commits exactly once; a member that lost its store rebuilds it from the cluster snapshot, and one started with
 * an empty directory from the leader's log; a member whose store was changed outside the cluster stops as
 * diverged, naming the block.
 */
@Tag("soak")
class ClusterFailoverSoakTest {
    private static final int TXS = 200;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aKilledFollowerCatchesUp(@TempDir final Path dir) throws Exception {
        try (Oracle oracle = new Oracle(dir, 0x1401); LocalCluster cluster = Blocks.startCluster(dir, oracle);
             BlockClient client = Blocks.connect(cluster, dir, 4)) {
            final Blocks blocks = new Blocks(oracle, client);
            blocks.submit(15, TXS);
            blocks.awaitAll();
            final int follower = (client.leaderMemberId() + 1) % 3;
            cluster.kill(follower);
            blocks.submit(15, TXS);
            blocks.awaitAll();
            cluster.start(follower);
            blocks.submit(15, TXS);
            assertEquals(0, blocks.awaitAll(), "no block needed a re-offer");
            Blocks.stopAndCheck(cluster, oracle);
            assertTrue(cluster.log(follower).contains("(kept)"), "the restarted follower kept its store");
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aKilledLeaderIsReplacedAndEveryBlockInFlightCommitsOnce(@TempDir final Path dir) throws Exception {
        try (Oracle oracle = new Oracle(dir, 0x1402); LocalCluster cluster = Blocks.startCluster(dir, oracle);
             BlockClient client = Blocks.connect(cluster, dir, 8)) {
            final Blocks blocks = new Blocks(oracle, client);
            blocks.submit(15, TXS);
            blocks.awaitAll();
            final int leader = client.leaderMemberId();
            blocks.submit(8, TXS);
            cluster.kill(leader);
            blocks.submit(20, TXS);
            blocks.awaitAll();
            assertTrue(client.leaderMemberId() != leader, "a new leader");
            assertFalse(client.leaderChangeNanos().isEmpty(), "the client saw the leader change");
            cluster.start(leader);
            blocks.submit(10, TXS);
            blocks.awaitAll();
            Blocks.stopAndCheck(cluster, oracle);
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void membersWithoutAStoreCatchUpFromTheSnapshotOrTheLog(@TempDir final Path dir) throws Exception {
        try (Oracle oracle = new Oracle(dir, 0x1403); LocalCluster cluster = Blocks.startCluster(dir, oracle);
             BlockClient client = Blocks.connect(cluster, dir, 4)) {
            final Blocks blocks = new Blocks(oracle, client);
            blocks.submit(15, TXS);
            blocks.awaitAll();
            assertTrue(client.requestSnapshot().get(60, TimeUnit.SECONDS), "the leader takes the snapshot request");
            final long snapshotHeight = oracle.height();
            blocks.submit(5, TXS);
            blocks.awaitAll();
            final int leader = client.leaderMemberId();
            final int lostStore = (leader + 1) % 3;
            final int empty = (leader + 2) % 3;
            awaitSnapshot(cluster, lostStore);
            // One at a time: two of three members down would leave no majority.
            cluster.kill(lostStore);
            DirectoryTree.delete(cluster.storeDir(lostStore));
            blocks.submit(5, TXS);
            blocks.awaitAll();
            cluster.start(lostStore);
            assertTrue(cluster.awaitHeight(lostStore, oracle.height(), 60_000), cluster.log(lostStore));
            cluster.kill(empty);
            DirectoryTree.delete(cluster.nodeDir(empty));
            blocks.submit(5, TXS);
            blocks.awaitAll();
            cluster.start(empty);
            blocks.submit(10, TXS);
            blocks.awaitAll();
            Blocks.stopAndCheck(cluster, oracle);
            assertTrue(cluster.log(lostStore).contains("log starts after height " + snapshotHeight + " (snapshot)")
                    && cluster.log(lostStore).contains("(imported from the snapshot state file)"), cluster.log(lostStore));
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aMemberWithATamperedStoreStopsAsDiverged(@TempDir final Path dir) throws Exception {
        try (Oracle oracle = new Oracle(dir, 0x1404); LocalCluster cluster = Blocks.startCluster(dir, oracle);
             BlockClient client = Blocks.connect(cluster, dir, 4)) {
            final Blocks blocks = new Blocks(oracle, client);
            blocks.submit(10, TXS);
            blocks.awaitAll();
            final int victim = (client.leaderMemberId() + 1) % 3;
            assertTrue(cluster.awaitHeight(victim, oracle.height(), 30_000));
            assertEquals(0, cluster.stop(victim));
            final long tampered = oracle.height() + 1;
            try (StateStore store = StateStores.open(StateConfig.of(cluster.storeDir(victim), oracle.entries()))) {
                // An operator "applies" the next block by hand: one account richer than the cluster says.
                final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
                StateKeys.encode(key, 0, KeyType.ACCOUNT, DefiWorkload.FIRST_USER, 0, 0);
                final UnsafeBuffer record = new UnsafeBuffer(new byte[AccountDescriptor.LENGTH]);
                assertEquals(AccountDescriptor.LENGTH, store.read(key, 0, record, 0));
                record.putByte(AccountDescriptor.BALANCE_OFFSET, (byte) (record.getByte(AccountDescriptor.BALANCE_OFFSET) + 1));
                store.beginBlock(tampered);
                store.write(key, 0, record, 0, AccountDescriptor.LENGTH);
                store.seal(tampered, new UnsafeBuffer(new byte[32]), 0);
            }
            cluster.start(victim);
            blocks.submit(5, TXS);
            blocks.awaitAll();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (cluster.alive(victim) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(ClusterNode.EXIT_FATAL, cluster.exitCode(victim), cluster.log(victim));
            assertTrue(cluster.log(victim).contains("diverged at block " + tampered), cluster.log(victim));
            for (int i = 0; i < 3; i++) {
                if (i != victim) {
                    assertEquals(0, cluster.stop(i));
                    assertEquals(oracle.rootHex(), cluster.storeState(i).root, "member " + i);
                }
            }
        }
    }

    /** Waits until member {@code id} has a snapshot recorded in its cluster directory. */
    private static void awaitSnapshot(final LocalCluster cluster, final int id) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (hasSnapshot(cluster.nodeDir(id).resolve("cluster"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("member " + id + " took no snapshot; log:\n" + cluster.log(id));
    }

    private static boolean hasSnapshot(final Path clusterDir) {
        if (!Files.exists(clusterDir.resolve(RecordingLog.RECORDING_LOG_FILE_NAME))) {
            return false;
        }
        try (RecordingLog log = new RecordingLog(clusterDir.toFile(), false)) {
            return log.getLatestSnapshot(0) != null;
        } catch (final RuntimeException e) {
            return false;
        }
    }
}
