package io.multilane.exec.lane;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.SplittableRandom;

import io.multilane.exec.program.tokens.TokensInstructions;
import io.multilane.exec.testing.ProgramOps;
import io.multilane.exec.testing.TestChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lane protocol end to end on one thread: random blocks of conflicting transactions (few actors, shared
 * tokens and pools, one- and two-hop swaps, a nearly full balance, senders short of coins, the fee collector as
 * a sender, accounts created within a block and used in it, bad nonces, malformed entries) are
 * executed by two lanes (own overlays, one commit cursor) in a random interleaving with a random lead, each
 * lane in sequence order, and committed in order by one {@link LaneCommitter}. After every block the
 * receipts (bytes), the state and the root equal the serial oracle's, and over the run every commit path
 * (applied, rebased, re-executed) is taken. Seeded: the system property {@code multilane.lanes.seed} replays a
 * run (through Maven: {@code -Dmultilane.jvm.flags.extra=-Dmultilane.lanes.seed=N}, the forked JVM's flags); the
 * seed is in every failure message.
 */
class LaneCommitterDifferentialTest {
    private static final int BLOCKS = 25;
    private static final int TXS = 40;
    private static final int[] LEADS = {1, 2, 4, 8, 16, TXS};
    private static final long[] SENDERS = {10, 11, 12, 13, 14, 20, 21, TestChain.FEE_COLLECTOR};
    private static final long WHALE = 30;
    private static final long STRANGER = 99;
    private static final BigInteger HUGE = BigInteger.TEN.pow(31);

    @TempDir
    Path dir;

    private static void genesis(final TestChain chain) {
        ProgramOps.seed(chain);
        chain.fund(20, 300, 21, 20, TestChain.FEE_COLLECTOR, 1000);
        chain.fundU128(WHALE, ProgramOps.MAX.subtract(BigInteger.valueOf(10_000)));
    }

    @Test
    void twoLanesInAnyInterleavingCommitWhatTheSerialExecutorCommits() {
        final long seed = Long.getLong("multilane.lanes.seed", 0x1a4e5L);
        final SplittableRandom random = new SplittableRandom(seed);
        final int[] paths = new int[3];
        try (LaneHarness h = new LaneHarness(dir, LaneCommitterDifferentialTest::genesis)) {
            final LaneExecutor[] lanes = {h.newLane(), h.newLane()};
            final LaneResult[] results = new LaneResult[TXS];
            for (int i = 0; i < TXS; i++) {
                results[i] = new LaneResult(i % 16 == 15 ? 160 : LaneResult.DEFAULT_CAPACITY);
            }
            for (int b = 0; b < BLOCKS; b++) {
                final int lead = LEADS[random.nextInt(LEADS.length)];
                final String context = "seed " + seed + " block " + b + " lead " + lead;
                try {
                    for (int i = 0; i < TXS; i++) {
                        appendRandomTx(h.oracle(), random);
                    }
                    h.takeBlock();
                    run(h, lanes, results, random, lead, paths);
                    h.assertMatchesOracle(context);
                    h.seal();
                } catch (RuntimeException e) {
                    throw new AssertionError(context, e);
                }
            }
        }
        final String tally = "seed " + seed + ": applied " + paths[LaneCommitter.APPLIED] + ", rebased "
                + paths[LaneCommitter.REBASED] + ", re-executed " + paths[LaneCommitter.REEXECUTED];
        assertTrue(paths[LaneCommitter.APPLIED] > 0, tally);
        assertTrue(paths[LaneCommitter.REBASED] > 0, tally);
        assertTrue(paths[LaneCommitter.REEXECUTED] > 0, tally);
    }

    /**
     * Executes the current block: lane {@code l} takes its transactions (routed, one in four sent to the other
     * lane) in order, each at most {@code lead - 1} ahead of the next to commit; at each step a random
     * one of the lanes that may go and the committer (once the next transaction is executed) does one step.
     */
    private static void run(final LaneHarness h, final LaneExecutor[] lanes, final LaneResult[] results,
            final SplittableRandom random, final int lead, final int[] paths) {
        final int n = TXS;
        final int[][] queue = new int[lanes.length][n];
        final int[] queued = new int[lanes.length];
        final int[] taken = new int[lanes.length];
        final boolean[] executed = new boolean[n];
        for (int i = 0; i < n; i++) {
            final int lane = h.route(i, lanes.length) ^ (random.nextInt(4) == 0 ? 1 : 0);
            queue[lane][queued[lane]++] = i;
        }
        final int[] candidates = new int[lanes.length + 1];
        int next = 0;
        while (next < n) {
            int count = 0;
            for (int l = 0; l < lanes.length; l++) {
                if (taken[l] < queued[l] && queue[l][taken[l]] < next + lead) {
                    candidates[count++] = l;
                }
            }
            if (executed[next]) {
                candidates[count++] = lanes.length;
            }
            final int pick = candidates[random.nextInt(count)];
            if (pick == lanes.length) {
                paths[h.commit(next, results[next])]++;
                results[next].clear();
                next++;
            } else {
                final int tx = queue[pick][taken[pick]++];
                h.execute(lanes[pick], tx, results[tx]);
                executed[tx] = true;
            }
        }
    }

    private static void appendRandomTx(final TestChain chain, final SplittableRandom random) {
        final long sender = SENDERS[random.nextInt(SENDERS.length)];
        final long other = SENDERS[random.nextInt(SENDERS.length)];
        final long token = ProgramOps.TOKENS[random.nextInt(3)];
        final BigInteger amount = random.nextInt(20) == 0 ? HUGE : BigInteger.valueOf(1 + random.nextInt(100_000));
        chain.helperFee(random.nextInt(10));
        final int kind = random.nextInt(100);
        if (kind < 28) {
            final int to = random.nextInt(20);
            chain.coinTransfer(sender, to == 0 ? WHALE : to == 1 ? TestChain.FEE_COLLECTOR : to == 2 ? newcomer(random) : other,
                    amount.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue());
        } else if (kind < 50) {
            chain.tokenOp(sender, TokensInstructions.TRANSFER, token, other, amount);
        } else if (kind < 70) {
            final int pool = random.nextInt(3);
            final long tokenIn = ProgramOps.TOKENS[random.nextBoolean() ? pool : (pool + 1) % 3];
            final BigInteger minOut = random.nextInt(10) == 0 ? amount : BigInteger.ZERO;
            if (random.nextBoolean()) {
                chain.swap(sender, tokenIn, amount, minOut, ProgramOps.POOLS[pool]);
            } else {
                chain.swap(sender, tokenIn, amount, minOut, ProgramOps.POOLS[pool], ProgramOps.POOLS[(pool + 1) % 3]);
            }
        } else if (kind < 76) {
            chain.tokenOp(sender, TokensInstructions.APPROVE, token, other, amount.shiftLeft(1));
        } else if (kind < 82) {
            chain.transferFrom(sender, token, other, sender, amount);
        } else if (kind < 86) {
            chain.tokenOp(ProgramOps.ACTORS[0], TokensInstructions.MINT, token, random.nextBoolean() ? other : WHALE,
                    random.nextBoolean() ? amount : ProgramOps.MAX.shiftRight(1));
        } else if (kind < 89) {
            final long fee = random.nextInt(10);
            final long newcomer = newcomer(random);
            final long credit = 1 + random.nextInt(1000);
            chain.send(sender, fee, t -> t.createAccount(newcomer, 0, credit));
        } else if (kind < 93) {
            // an account that may not exist yet (or only since a transaction of this block): its nonce as committed
            final long account = newcomer(random);
            chain.resetNonce(account, chain.nonceOf(account)).coinTransfer(account, other, 1);
        } else if (kind < 97) {
            final long nonce = chain.nextNonce(sender);
            chain.resetNonce(sender, nonce + 1 + random.nextInt(3)).coinTransfer(sender, other, 1).resetNonce(sender, nonce + 1);
        } else {
            chain.tx(STRANGER, 1, 40 + random.nextInt(2), 1, 0, t -> { });
        }
        chain.helperFee(0);
    }

    private static long newcomer(final SplittableRandom random) {
        return 40 + random.nextInt(3);
    }
}
