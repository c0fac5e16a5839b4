package io.multilane.exec.program.lending;

import static io.multilane.exec.program.lending.LendingFixture.WAD;
import static io.multilane.exec.program.lending.LendingFixture.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Path;

import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.program.staking.StakingFixture;
import io.multilane.exec.program.staking.StakingInstructions;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.exec.tx.TxEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lending and staking transactions allocate nothing per transaction once warm: a cycle of supply, borrow, collateral
 * in and out, repay, withdraw, liquidation, stake, claim and unstake, each at a new height (so every
 * one accrues), runs on the serial executor inside one open block while the thread's allocated bytes
 * are measured.
 */
class DefiAllocationTest {
    private static final long ORACLE = 21;
    private static final long ALICE = 30;
    private static final long BOB = 31;
    private static final long LOAN = 500;
    private static final long COLL = 501;
    private static final long REWARD = 511;
    private static final long MARKET = 700;
    private static final long POOL = 800;
    private static final int CYCLES = 2000;
    private static final int MEASURED = 4000;
    /**
     * Bytes a measured window may show without any per-transaction allocation: the JVM itself
     * (compilation, deoptimisation) accounts a few hundred bytes to the thread now and then; one object
     * per transaction would be at least 16 x 40,000 = 640,000 bytes.
     */
    private static final long NOISE_BYTES = 2048;

    @TempDir
    Path dir;

    private final UnsafeBuffer txs = new UnsafeBuffer(new byte[16 * TxDescriptor.MAX_LENGTH]);
    private final int[] lengths = new int[16];
    private final long[] senders = new long[16];
    private final InstructionEncoder encoder = new InstructionEncoder();
    private int count;

    @Test
    void lendingAndStakingTransactionsAllocateNothing() {
        final BigInteger lots = tokens(1_000_000_000L);
        try (DefiHarness chain = new DefiHarness(dir, new DefiHarness.Genesis()
                .account(ORACLE, 1_000_000).account(ALICE, 1L << 40).account(BOB, 1L << 40)
                .balance(LOAN, ALICE, lots).balance(COLL, ALICE, lots).balance(LOAN, BOB, lots).balance(COLL, BOB, lots)
                .balance(REWARD, ORACLE, lots))) {
            final LendingFixture lending = new LendingFixture(chain);
            final StakingFixture staking = new StakingFixture(chain);
            assertEquals(TxStatus.SUCCESS, lending.create(ORACLE, MARKET, LOAN, COLL, ORACLE, 800_000_000_000_000_000L,
                    50_000_000_000_000_000L, 1_000_000_000L, 10_000_000_000L).status());
            assertEquals(TxStatus.SUCCESS, lending.price(ORACLE, MARKET, WAD).status());
            assertEquals(TxStatus.SUCCESS, lending.amounts(LendingInstructions.SUPPLY, BOB, MARKET, tokens(1_000_000),
                    BigInteger.ZERO).status());
            assertEquals(TxStatus.SUCCESS, lending.collateral(LendingInstructions.SUPPLY_COLLATERAL, BOB, MARKET, tokens(1000))
                    .status());
            assertEquals(TxStatus.SUCCESS, lending.amounts(LendingInstructions.BORROW, BOB, MARKET, tokens(700), BigInteger.ZERO)
                    .status());
            assertEquals(TxStatus.SUCCESS, lending.price(ORACLE, MARKET, WAD.divide(BigInteger.TWO)).status());
            assertEquals(TxStatus.SUCCESS, lending.collateral(LendingInstructions.SUPPLY_COLLATERAL, ALICE, MARKET, tokens(1000))
                    .status());
            assertEquals(TxStatus.SUCCESS, staking.create(ORACLE, POOL, LOAN, REWARD, tokens(1)).status());
            assertEquals(TxStatus.SUCCESS, staking.amount(StakingInstructions.FUND, ORACLE, POOL, tokens(100_000_000)).status());
            encodeCycle();
            long aliceNonce = chain.u64(io.multilane.state.key.KeyType.ACCOUNT, ALICE, 0, 16);
            long height = chain.nextHeight();
            chain.beginOpenBlock();
            long before = probeCost();
            for (int cycle = 0; cycle < CYCLES + MEASURED; cycle++) {
                if (cycle == CYCLES) {
                    before = allocatedBytes();
                }
                for (int i = 0; i < count; i++) {
                    txs.putLong(i * TxDescriptor.MAX_LENGTH + TxDescriptor.NONCE_OFFSET, aliceNonce++, TxDescriptor.ORDER);
                    final int status = chain.executeInOpenBlock(txs, i * TxDescriptor.MAX_LENGTH, lengths[i], height++);
                    if (status != TxStatus.SUCCESS) {
                        throw new AssertionError("cycle " + cycle + " tx " + i + ": " + ReasonCodes.name(chain.lastReason()));
                    }
                }
            }
            final long allocated = allocatedBytes() - before - probeCost();
            chain.sealOpenBlock();
            assertTrue(allocated < NOISE_BYTES, allocated + " bytes allocated by " + MEASURED * count + " warm transactions");
        }
    }

    /** What one {@link #allocatedBytes()} call allocates itself (measured warm, as the smallest of many probes). */
    private static long probeCost() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 10_000; i++) {
            final long a = allocatedBytes();
            min = Math.min(min, allocatedBytes() - a);
        }
        return min;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Alice's cycle: her debt and collateral return to where they were (up to interest); her supply grows by 1. */
    private void encodeCycle() {
        amounts(LendingInstructions.SUPPLY, 1000);
        collateral(LendingInstructions.SUPPLY_COLLATERAL, 10);
        amounts(LendingInstructions.BORROW, 100);
        collateral(LendingInstructions.WITHDRAW_COLLATERAL, 10);
        amounts(LendingInstructions.REPAY, 100);
        amounts(LendingInstructions.WITHDRAW, 999);
        end(begin().liquidate(MARKET, BOB, 0, 1_000_000, 0, 0));
        end(begin().stake(POOL, 0, 1_000_000_000L));
        end(begin().claim(POOL));
        end(begin().unstake(POOL, 0, 1_000_000_000L));
    }

    private InstructionEncoder begin() {
        senders[count] = ALICE;
        return encoder.begin(txs, count * TxDescriptor.MAX_LENGTH, ALICE, 0, 1);
    }

    private void end(final TxEncoder tx) {
        lengths[count++] = tx.length();
    }

    private void amounts(final int instruction, final long tokens) {
        final BigInteger v = tokens(tokens);
        final long hi = v.shiftRight(64).longValue();
        final long lo = v.longValue();
        final InstructionEncoder e = begin();
        end(switch (instruction) {
            case LendingInstructions.SUPPLY -> e.supply(MARKET, hi, lo, 0, 0);
            case LendingInstructions.WITHDRAW -> e.withdraw(MARKET, hi, lo, 0, 0);
            case LendingInstructions.BORROW -> e.borrow(MARKET, hi, lo, 0, 0);
            default -> e.repay(MARKET, hi, lo, 0, 0);
        });
    }

    private void collateral(final int instruction, final long tokens) {
        final BigInteger v = tokens(tokens);
        final long hi = v.shiftRight(64).longValue();
        final long lo = v.longValue();
        end(instruction == LendingInstructions.SUPPLY_COLLATERAL ? begin().supplyCollateral(MARKET, hi, lo)
                : begin().withdrawCollateral(MARKET, hi, lo));
    }
}
