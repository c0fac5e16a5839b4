package io.multilane.exec.program;

import static java.math.BigInteger.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.file.Path;

import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.testing.TestChain;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.AmmPoolDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AmmProgramTest {
    private static final long A = 500;
    private static final long B = 501;
    private static final long C = 502;
    private static final long POOL_AB = 900;
    private static final long POOL_BC = 901;
    private static final long LP_AB = 600;
    private static final long LP_BC = 601;
    private static final BigInteger E18 = BigInteger.TEN.pow(18);
    @TempDir
    Path dir;
    private TestChain chain;

    @BeforeEach
    void open() {
        chain = new TestChain(dir).fund(10, 1_000, 11, 1_000);
        final BigInteger big = E18.multiply(valueOf(1_000_000));
        chain.createToken(10, A, big).createToken(10, B, big).createToken(10, C, big)
            .createPool(10, POOL_AB, B, A, LP_AB).createPool(10, POOL_BC, B, C, LP_BC)
            .addLiquidity(10, POOL_AB, E18.multiply(valueOf(1000)), E18.multiply(valueOf(4000)), BigInteger.ONE)
            .addLiquidity(10, POOL_BC, E18.multiply(valueOf(1000)), E18.multiply(valueOf(1000)), BigInteger.ONE)
            .tokenOp(10, io.multilane.exec.program.tokens.TokensInstructions.TRANSFER, A, 11, E18.multiply(valueOf(100)));
        final ReceiptLog r = chain.sealOk();
        for (int i = 0; i < r.count(); i++) {
            assertEquals(TxStatus.SUCCESS, r.status(i), "setup tx " + i + " reason " + r.reason(i));
        }
    }

    @AfterEach
    void close() {
        chain.close();
    }

    private BigInteger reserve(final long pool, final int field) {
        return chain.u128(KeyType.AMM_POOL, pool, 0, 0, field);
    }

    private static BigInteger out(final BigInteger in, final BigInteger rIn, final BigInteger rOut) {
        final BigInteger inFee = in.multiply(valueOf(997));
        return inFee.multiply(rOut).divide(rIn.multiply(valueOf(1000)).add(inFee));
    }

    @Test
    void firstDepositMintsSqrtMinusTheLockedMinimum() {
        final BigInteger shares = E18.multiply(valueOf(1000)).multiply(E18.multiply(valueOf(4000))).sqrt();
        assertEquals(shares, reserve(POOL_AB, AmmPoolDescriptor.LP_SUPPLY_OFFSET));
        assertEquals(shares.subtract(valueOf(1000)), chain.tokenBalance(LP_AB, 10));
        assertEquals(valueOf(1000), chain.tokenBalance(LP_AB, 0));
        assertEquals(A, chain.u64(KeyType.AMM_POOL, POOL_AB, 0, 0, AmmPoolDescriptor.TOKEN0_OFFSET), "token0 is the lower id");
        assertEquals(E18.multiply(valueOf(1000)), chain.tokenBalance(A, POOL_AB), "amount0 is token0's (A)");
        assertEquals(E18.multiply(valueOf(4000)), chain.tokenBalance(B, POOL_AB));
    }

    @Test
    void twoHopSwapFollowsUniswapV2MathAndMovesBalancesThroughThePools() {
        final BigInteger in = E18.multiply(valueOf(10));
        final BigInteger rA = reserve(POOL_AB, AmmPoolDescriptor.RESERVE0_OFFSET);
        final BigInteger rB = reserve(POOL_AB, AmmPoolDescriptor.RESERVE1_OFFSET);
        final BigInteger mid = out(in, rA, rB);
        final BigInteger fin = out(mid, E18.multiply(valueOf(1000)), E18.multiply(valueOf(1000)));
        chain.swap(11, A, in, fin, POOL_AB, POOL_BC);
        final ReceiptLog r = chain.sealOk();
        assertEquals(TxStatus.SUCCESS, r.status(0), "reason " + r.reason(0));
        assertEquals(2, r.eventCount(0));
        assertEquals(fin, chain.tokenBalance(C, 11));
        assertEquals(E18.multiply(valueOf(90)), chain.tokenBalance(A, 11));
        assertEquals(rA.add(in), reserve(POOL_AB, AmmPoolDescriptor.RESERVE0_OFFSET));
        assertEquals(rB.subtract(mid), reserve(POOL_AB, AmmPoolDescriptor.RESERVE1_OFFSET));
        assertEquals(rA.add(in), chain.tokenBalance(A, POOL_AB));
        assertEquals(E18.multiply(valueOf(1000)).add(mid), chain.tokenBalance(B, POOL_BC));
    }

    @Test
    void swapBelowMinimumOutFailsWithSlippageAndChangesNoBalance() {
        final BigInteger in = E18;
        final BigInteger expected = out(in, reserve(POOL_AB, AmmPoolDescriptor.RESERVE0_OFFSET),
            reserve(POOL_AB, AmmPoolDescriptor.RESERVE1_OFFSET));
        chain.swap(11, A, in, expected.add(BigInteger.ONE), POOL_AB);
        chain.swap(11, C, in, BigInteger.ZERO, POOL_AB);
        chain.swap(11, A, E18.multiply(valueOf(101)), BigInteger.ZERO, POOL_AB);
        final ReceiptLog r = chain.sealOk();
        assertEquals(ReasonCodes.SLIPPAGE, r.reason(0));
        assertEquals(ReasonCodes.INVALID_PATH, r.reason(1));
        assertEquals(ReasonCodes.INSUFFICIENT_BALANCE, r.reason(2));
        assertEquals(E18.multiply(valueOf(100)), chain.tokenBalance(A, 11));
        assertEquals(BigInteger.ZERO, chain.tokenBalance(B, 11));
    }

    @Test
    void addAtTheRatioThenRemoveReturnsProRataReserves() {
        final BigInteger supply = reserve(POOL_BC, AmmPoolDescriptor.LP_SUPPLY_OFFSET);
        chain.addLiquidity(10, POOL_BC, E18.multiply(valueOf(10)), E18.multiply(valueOf(50)), BigInteger.ONE);
        chain.sealOk();
        final BigInteger minted = E18.multiply(valueOf(10)).multiply(supply).divide(E18.multiply(valueOf(1000)));
        assertEquals(supply.add(minted), reserve(POOL_BC, AmmPoolDescriptor.LP_SUPPLY_OFFSET));
        assertEquals(E18.multiply(valueOf(1010)), reserve(POOL_BC, AmmPoolDescriptor.RESERVE1_OFFSET), "only the ratio is taken");
        final BigInteger cBefore = chain.tokenBalance(C, 10);
        chain.removeLiquidity(10, POOL_BC, minted, BigInteger.ZERO, E18.multiply(valueOf(11)));
        chain.removeLiquidity(10, POOL_BC, minted, BigInteger.ZERO, BigInteger.ZERO);
        final ReceiptLog r = chain.sealOk();
        assertEquals(ReasonCodes.SLIPPAGE, r.reason(0));
        assertEquals(TxStatus.SUCCESS, r.status(1));
        final BigInteger got = minted.multiply(E18.multiply(valueOf(1010))).divide(supply.add(minted));
        assertEquals(cBefore.add(got), chain.tokenBalance(C, 10));
        assertEquals(supply, reserve(POOL_BC, AmmPoolDescriptor.LP_SUPPLY_OFFSET));
    }

    @Test
    void poolCreationChecksTokensAndIdNamespace() {
        chain.createPool(10, POOL_AB, A, C, 700).createPool(10, 10, A, C, 701).createPool(10, 902, A, 999, 702)
            .createPool(10, 903, A, A, 703).createPool(10, 904, A, C, LP_AB);
        final ReceiptLog r = chain.sealOk();
        assertEquals(ReasonCodes.ALREADY_EXISTS, r.reason(0));
        assertEquals(ReasonCodes.ALREADY_EXISTS, r.reason(1), "an account already has id 10");
        assertEquals(ReasonCodes.NOT_FOUND, r.reason(2));
        assertEquals(ReasonCodes.INVALID_ARGUMENT, r.reason(3));
        assertEquals(ReasonCodes.ALREADY_EXISTS, r.reason(4), "LP token id taken");
    }

    /** A pool as a genesis (a replayed chain, or a state import) may hold it: reserves, custody, no LP supply. */
    private void genesisPool(final long pool, final BigInteger reserveA, final BigInteger reserveB, final long lpToken) {
        final GenesisWriter genesis = new GenesisWriter().begin(chain.store());
        genesis.pool(pool, A, B, TestChain.hi(reserveA), TestChain.lo(reserveA), TestChain.hi(reserveB),
                TestChain.lo(reserveB), lpToken);
        for (long token : new long[] {A, B}) {
            final BigInteger custody = token == A ? reserveA : reserveB;
            // the custody comes out of account 10's balance, so every token's supply still sums up
            final BigInteger rest = chain.tokenBalance(token, 10).subtract(custody);
            genesis.tokenBalance(token, pool, TestChain.hi(custody), TestChain.lo(custody))
                    .tokenBalance(token, 10, TestChain.hi(rest), TestChain.lo(rest));
        }
        genesis.seal(new UnsafeBuffer(new byte[32]), 0);
    }

    /**
     * Uniswap V2's getAmountOut needs both reserves above zero: with reserveIn = 0 the formula pays out all of
     * reserveOut for any input. A pool holding B but no A reserve pays nothing and keeps its custody.
     */
    @Test
    void aPoolWithAZeroReservePaysNothingOut() {
        final BigInteger held = E18.multiply(valueOf(500));
        genesisPool(950, BigInteger.ZERO, held, 650);
        chain.swap(11, A, BigInteger.ONE, BigInteger.ZERO, 950);
        final ReceiptLog r = chain.sealOk();
        assertEquals(TxStatus.FAILED, r.status(0));
        assertEquals(ReasonCodes.INSUFFICIENT_LIQUIDITY, r.reason(0));
        assertEquals(held, chain.tokenBalance(B, 950), "the pool keeps its custody");
        assertEquals(BigInteger.ZERO, chain.tokenBalance(B, 11), "the swapper gets nothing");
        assertEquals(E18.multiply(valueOf(100)), chain.tokenBalance(A, 11));
    }

    /** An empty pool (no reserves) refuses swaps rather than taking the input into a one-sided reserve. */
    @Test
    void aSwapIntoAnEmptyPoolFailsAndMovesNothing() {
        chain.createPool(10, 951, A, B, 651).sealOk();
        chain.swap(11, A, E18, BigInteger.ZERO, 951);
        final ReceiptLog r = chain.sealOk();
        assertEquals(ReasonCodes.INSUFFICIENT_LIQUIDITY, r.reason(0));
        assertEquals(BigInteger.ZERO, reserve(951, AmmPoolDescriptor.RESERVE0_OFFSET));
        assertEquals(BigInteger.ZERO, chain.tokenBalance(A, 951));
    }

    /**
     * A first deposit into a pool that already has reserves (LP supply 0) is sized at the reserve ratio, as the V2
     * router's quote does, instead of taken as given at any price; one reserve zero refuses it.
     */
    @Test
    void aFirstDepositIntoAPoolWithReservesIsSizedAtTheirRatio() {
        genesisPool(952, E18.multiply(valueOf(100)), E18.multiply(valueOf(400)), 652);
        genesisPool(953, BigInteger.ZERO, E18.multiply(valueOf(400)), 653);
        chain.addLiquidity(10, 952, E18.multiply(valueOf(10)), E18.multiply(valueOf(1000)), BigInteger.ONE);
        chain.addLiquidity(10, 953, E18.multiply(valueOf(10)), E18.multiply(valueOf(10)), BigInteger.ONE);
        final ReceiptLog r = chain.sealOk();
        assertEquals(TxStatus.SUCCESS, r.status(0), "reason " + r.reason(0));
        assertEquals(E18.multiply(valueOf(440)), reserve(952, AmmPoolDescriptor.RESERVE1_OFFSET), "40 B taken, not 1000");
        assertEquals(E18.multiply(valueOf(110)), reserve(952, AmmPoolDescriptor.RESERVE0_OFFSET));
        final BigInteger shares = E18.multiply(valueOf(10)).multiply(E18.multiply(valueOf(40))).sqrt();
        assertEquals(shares.subtract(valueOf(1000)), chain.tokenBalance(652, 10));
        assertEquals(ReasonCodes.INSUFFICIENT_LIQUIDITY, r.reason(1));
        assertEquals(BigInteger.ZERO, reserve(953, AmmPoolDescriptor.LP_SUPPLY_OFFSET));
    }
}
