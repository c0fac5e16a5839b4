package io.multilane.pipeline;

import static java.math.BigInteger.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.function.Consumer;

import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.sig.Ed25519Keys;
import io.multilane.pipeline.HostileChain.Receipts;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.AmmPoolDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, attack 2: pools, markets and staking pools must not be ownable by a signer. The attacker picks a key,
 * computes its account id X, creates program state under X before anyone holds account X, waits for victims'
 * deposits, sends one coin to X (which used to create account X) and then signs as X to move the custody or mint
 * the LP token (whose authority is the pool). Each attack runs, through signed blocks, on the verifying serial
 * executor and on the engine with 2 and 4 lanes: the attacker gains nothing, the victims lose nothing, coins and
 * token supplies are conserved, and all runners end in the same state.
 */
class ProgramCustodyAttackTest {
    private static final Ed25519Keys ATTACKER = Ed25519Keys.ofIndex(101);
    private static final Ed25519Keys VICTIM = Ed25519Keys.ofIndex(102);
    /** The key whose account id the attacker uses as the id of the program state. */
    private static final Ed25519Keys SQUAT = Ed25519Keys.ofIndex(103);
    private static final long A = 100;
    private static final long V = 101;
    /** The id of the attacker's program state, which the attacker then tries to sign as. */
    private static final long X = 4242;
    private static final long T0 = 500;
    private static final long T1 = 501;
    private static final long LP = 502;
    private static final long COINS = 1_000_000;
    private static final long RICH = 1_000_000_000_000L;
    private static final long POOR = 1_000_000L;
    private static final long DEPOSIT = 1_000_000_000L;
    private static final BigInteger TOTAL_COINS = valueOf(2 * COINS);

    @TempDir
    Path dir;

    private static void genesis(final HostileChain g) {
        g.account(A, COINS, ATTACKER).account(V, COINS, VICTIM).token(T0, V, RICH, A, POOR).token(T1, V, RICH, A, POOR);
    }

    /** Runs {@code attack} on every runner and asserts they all end in the same state. */
    private void onEveryRunner(final Consumer<HostileChain> attack) {
        HostileChain.onEveryRunner(dir, ProgramCustodyAttackTest::genesis, attack, TOTAL_COINS);
    }

    private static void createMarket(final HostileChain c, final long id) {
        c.tx(ATTACKER, ix -> ix.createMarket(id, T0, T1, A, 800_000_000_000_000_000L, 50_000_000_000_000_000L, 0, 0));
    }

    private static void createStakingPool(final HostileChain c, final long id) {
        c.tx(ATTACKER, ix -> ix.createStakingPool(id, T0, T1, 0, 10));
    }

    /** The attacker's transactions signed as X, all of which must be rejected without a trace. */
    private static void signAsX(final HostileChain c, final long... tokens) {
        c.tx(ATTACKER, ix -> ix.coinTransfer(X, 0, 1));
        for (long token : tokens) {
            c.txAs(SQUAT, X, ix -> ix.tokenTransfer(token, A, 0, DEPOSIT));
            c.txAs(SQUAT, X, ix -> ix.approve(token, A, -1L, -1L));
        }
        c.txAs(SQUAT, X, ix -> ix.coinTransfer(A, 0, 1));
        for (long token : tokens) {
            c.tx(ATTACKER, ix -> ix.transferFrom(token, X, A, 0, 1));
        }
    }

    /** Asserts the outcome of {@link #signAsX}'s block. */
    private static void assertSigningAsXFailed(final Receipts r, final int tokens) {
        r.assertOutcome(0, TxStatus.SUCCESS, ReasonCodes.NONE, "the attacker may give X a coin");
        for (int i = 1; i <= 2 * tokens + 1; i++) {
            r.assertOutcome(i, TxStatus.REJECTED, ReasonCodes.PROGRAM_ACCOUNT, "a transaction signed as X");
            assertEquals(0, r.fee[i], "a rejected transaction pays no fee");
        }
        for (int i = 2 * tokens + 2; i < r.status.length; i++) {
            r.assertOutcome(i, TxStatus.FAILED, ReasonCodes.INSUFFICIENT_ALLOWANCE, "no allowance from X exists");
        }
    }

    private static void assertAttackerHoldsOnly(final HostileChain c, final long... tokenAndAmount) {
        for (int i = 0; i < tokenAndAmount.length; i += 2) {
            assertEquals(valueOf(tokenAndAmount[i + 1]), c.tokens(tokenAndAmount[i], A),
                    c.runner() + ": the attacker's balance of token " + tokenAndAmount[i]);
        }
        assertEquals(0, c.nonce(X), c.runner() + ": nothing was ever sent as X");
    }

    /**
     * Runs {@link #signAsX} over both tokens in one block and asserts it failed, the attacker holds only its own
     * tokens and X's custody still holds the victim's deposit of each token ({@code t0Held}, {@code t1Held} name them).
     */
    private static void assertSigningAsXTakesNothing(final HostileChain c, final String t0Held, final String t1Held) {
        signAsX(c, T0, T1);
        assertSigningAsXFailed(c.block(), 2);
        assertAttackerHoldsOnly(c, T0, POOR, T1, POOR);
        assertEquals(valueOf(DEPOSIT), c.tokens(T0, X), c.runner() + ": " + t0Held);
        assertEquals(valueOf(DEPOSIT), c.tokens(T1, X), c.runner() + ": " + t1Held);
    }

    @Test
    void aPoolCreatedUnderTheAttackersAccountIdCannotBeDrainedOrMintedFrom() {
        onEveryRunner(c -> {
            c.tx(ATTACKER, ix -> ix.createPool(X, T0, T1, LP));
            c.block().assertOutcome(0, TxStatus.SUCCESS, ReasonCodes.NONE, "anyone may create a pool");
            c.tx(VICTIM, ix -> ix.addLiquidity(X, 0, DEPOSIT, 0, DEPOSIT, 0, 1));
            c.block().assertOutcome(0, TxStatus.SUCCESS, ReasonCodes.NONE, "the victim deposits");
            final BigInteger lpSupply = c.supply(LP);
            signAsX(c, T0, T1);
            c.txAs(SQUAT, X, ix -> ix.mint(LP, A, 0, Long.MAX_VALUE));
            c.tx(ATTACKER, ix -> ix.mint(LP, A, 0, Long.MAX_VALUE));
            final Receipts r = c.block();
            final int n = r.status.length;
            assertSigningAsXFailed(r.copyOf(n - 2), 2);
            r.assertOutcome(n - 2, TxStatus.REJECTED, ReasonCodes.PROGRAM_ACCOUNT, "minting LP shares as the pool");
            r.assertOutcome(n - 1, TxStatus.FAILED, ReasonCodes.UNAUTHORIZED, "the pool creator cannot mint LP shares");
            assertAttackerHoldsOnly(c, T0, POOR, T1, POOR, LP, 0);
            assertEquals(valueOf(DEPOSIT), c.tokens(T0, X), c.runner() + ": the pool's custody of token0");
            assertEquals(valueOf(DEPOSIT), c.tokens(T1, X), c.runner() + ": the pool's custody of token1");
            assertEquals(lpSupply, c.supply(LP), c.runner() + ": no LP share was minted");
            assertEquals(lpSupply, c.u128(KeyType.AMM_POOL, X, 0, AmmPoolDescriptor.LP_SUPPLY_OFFSET));
        });
    }

    @Test
    void aLendingMarketCreatedUnderTheAttackersAccountIdKeepsItsSuppliersAssets() {
        onEveryRunner(c -> {
            createMarket(c, X);
            c.block().assertOutcome(0, TxStatus.SUCCESS, ReasonCodes.NONE, "anyone may create a market");
            c.tx(VICTIM, ix -> ix.supply(X, 0, DEPOSIT, 0, 0));
            c.tx(VICTIM, ix -> ix.supplyCollateral(X, 0, DEPOSIT));
            final Receipts deposits = c.block();
            deposits.assertOutcome(0, TxStatus.SUCCESS, ReasonCodes.NONE, "the victim supplies");
            deposits.assertOutcome(1, TxStatus.SUCCESS, ReasonCodes.NONE, "the victim posts collateral");
            assertSigningAsXTakesNothing(c, "the market's loan tokens", "the market's collateral");
        });
    }

    @Test
    void aStakingPoolCreatedUnderTheAttackersAccountIdKeepsItsStakeAndRewards() {
        onEveryRunner(c -> {
            createStakingPool(c, X);
            c.block().assertOutcome(0, TxStatus.SUCCESS, ReasonCodes.NONE, "anyone may create a staking pool");
            c.tx(VICTIM, ix -> ix.fund(X, 0, DEPOSIT));
            c.tx(VICTIM, ix -> ix.stake(X, 0, DEPOSIT));
            final Receipts deposits = c.block();
            deposits.assertOutcome(0, TxStatus.SUCCESS, ReasonCodes.NONE, "the victim funds rewards");
            deposits.assertOutcome(1, TxStatus.SUCCESS, ReasonCodes.NONE, "the victim stakes");
            assertSigningAsXTakesNothing(c, "the pool's stake", "the pool's rewards");
        });
    }

    /**
     * Program ids share one namespace: a pool cannot be created over a market, a market over a staking pool, a
     * staking pool over an account, and so on (each would mix two programs' custody under one id).
     */
    @Test
    void programStateCannotBeCreatedOverAnyOtherNamespace() {
        onEveryRunner(c -> {
            final long market = 7001;
            final long staking = 7002;
            createMarket(c, market);
            createStakingPool(c, staking);
            for (long id : new long[] {market, staking, V}) {
                c.tx(ATTACKER, ix -> ix.createPool(id, T0, T1, LP + id));
            }
            createMarket(c, staking);
            createStakingPool(c, market);
            c.tx(ATTACKER, ix -> ix.createAccount(staking, 0, 1));
            final Receipts r = c.block();
            r.assertOutcome(0, TxStatus.SUCCESS, ReasonCodes.NONE, "a market");
            r.assertOutcome(1, TxStatus.SUCCESS, ReasonCodes.NONE, "a staking pool");
            for (int i = 2; i < r.status.length; i++) {
                r.assertOutcome(i, TxStatus.FAILED, ReasonCodes.ALREADY_EXISTS, "program state over a taken id");
            }
        });
    }
}
