package io.multilane.state.store;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import io.multilane.state.DirectoryTree;
import io.multilane.state.StateConfig;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A closed loop of DeFi-shaped blocks on the production store with its defaults (persistence thread, checkpoints
 * every 1000 blocks or 1000 ms), printing the persistence thread's CPU per block and per transaction (ThreadMXBean),
 * the commit thread's, the wall time and the persistence counters (dedup factor). Per transaction: the sender's
 * account and two token balances drawn from {@code space} owners, one of 20 pools, the fee collector. Not a test;
 * run it under the benchmark lock (docs/state-layout.md gives the command). Arguments: blocks, transactions per
 * block, warm-up blocks, space, and optionally syncOnSeal (default false) and maxPendingBlocks (default 4). Also
 * prints the mean and worst seal time.
 */
public final class PersistenceLoad {
    private PersistenceLoad() {
    }

    public static void main(final String[] args) throws Exception {
        final int blocks = Integer.parseInt(args[0]);
        final int txs = Integer.parseInt(args[1]);
        final int warm = Integer.parseInt(args[2]);
        final int space = Integer.parseInt(args[3]);
        final boolean sync = args.length > 4 && Boolean.parseBoolean(args[4]);
        final int pending = args.length > 5 ? Integer.parseInt(args[5]) : StateConfig.DEFAULT_MAX_PENDING_BLOCKS;
        final Path dir = Files.createTempDirectory("multilane-persistence-load");
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[144]);
        final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);
        final SplittableRandom rnd = new SplittableRandom(7);
        try (TieredStateStore s = TieredStateStore.open(StateConfig.of(dir, 1_000_000).withSyncOnSeal(sync)
            .withMaxPendingBlocks(pending))) {
            final long persistence = s.persistenceThread().getId();
            long cpu0 = 0;
            long main0 = 0;
            long wall0 = 0;
            long sealSum = 0;
            long sealMax = 0;
            for (int b = 1; b <= blocks; b++) {
                if (b == warm + 1) {
                    cpu0 = mx.getThreadCpuTime(persistence);
                    main0 = mx.getCurrentThreadCpuTime();
                    wall0 = System.nanoTime();
                }
                s.beginBlock(b);
                for (int t = 0; t < txs; t++) {
                    write(s, key, value, KeyType.TOKEN, 1 + rnd.nextInt(space), 0, b);
                    write(s, key, value, KeyType.TOKEN_BALANCE, 1 + rnd.nextInt(4), 1 + rnd.nextInt(space), b);
                    write(s, key, value, KeyType.TOKEN_BALANCE, 1 + rnd.nextInt(4), 1 + rnd.nextInt(space), b);
                    write(s, key, value, KeyType.AMM_POOL, 1 + rnd.nextInt(20), 0, b);
                    write(s, key, value, KeyType.TOKEN, 999_999_999L, 0, b);
                }
                final long t0 = System.nanoTime();
                s.seal(b, root, 0);
                final long dt = System.nanoTime() - t0;
                if (b > warm) {
                    sealSum += dt;
                    sealMax = Math.max(sealMax, dt);
                }
            }
            final int n = blocks - warm;
            final double wall = (System.nanoTime() - wall0) / 1e3 / n;
            final double cpu = (mx.getThreadCpuTime(persistence) - cpu0) / 1e3 / n;
            System.out.printf("%d blocks x %d tx (space %d): wall %.1f us/block (%.0f tx/s); commit thread cpu %.1f"
                + " us/block; persistence thread cpu %.1f us/block = %.2f us/tx; seal mean %.0f us, max %.1f ms%n%s%n",
                n, txs, space, wall, txs / wall * 1e6, (mx.getCurrentThreadCpuTime() - main0) / 1e3 / n, cpu,
                cpu / txs, sealSum / 1e3 / n, sealMax / 1e6, s.persistenceStats());
        } finally {
            DirectoryTree.delete(dir);
        }
    }

    private static void write(final TieredStateStore s, final UnsafeBuffer key, final UnsafeBuffer value,
                              final KeyType t, final long id1, final long id2, final long height) {
        StateKeys.encode(key, 0, t, id1, id2, 0);
        value.putLong(0, height * 31 + id1 + id2 + 1);
        s.write(key, 0, value, 0, t.recordLength());
    }
}
