package io.multilane.pipeline;

import static java.math.BigInteger.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.sig.Ed25519Keys;
import io.multilane.exec.tx.TxEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's fuzz run: blocks of signed but hostile transactions — random instructions of every program with
 * random arguments (ids drawn from the actors, the victims, the program-owned ids, a keyless account and random
 * ones; amounts from 0 to 2^128 - 1), sent by funded actors as themselves, as a victim, as a pool, market or
 * staking pool, as a keyless account, with stale, future and replayed nonces, and signed for another chain. On the
 * serial executor and the engine with 2 and 4 lanes, after every block: no account that never signed anything
 * valid (the victims, the program accounts' coins, the keyless account) has lost any coin or token, and no victim's
 * nonce moved; at the end coins are conserved, every token's supply equals the sum of its balances, and all runners
 * hold the same state. The seed is printed on failure.
 */
class HostileFuzzTest {
    private static final long SEED = Long.getLong("hostileFuzz.seed", 20261202L);
    private static final int BLOCKS = 24;
    private static final int TXS = 48;
    private static final Ed25519Keys[] ACTORS = {Ed25519Keys.ofIndex(401), Ed25519Keys.ofIndex(402), Ed25519Keys.ofIndex(403)};
    private static final Ed25519Keys[] VICTIMS = {Ed25519Keys.ofIndex(411), Ed25519Keys.ofIndex(412)};
    private static final Ed25519Keys STRANGER = Ed25519Keys.ofIndex(421);
    private static final long FIRST_ACTOR = 100;
    private static final long FIRST_VICTIM = 200;
    private static final long KEYLESS = 300;
    private static final long POOL = 5000;
    private static final long MARKET = 5001;
    private static final long STAKING = 5002;
    private static final long T0 = 600;
    private static final long T1 = 601;
    private static final long LP = 602;
    private static final long COINS = 1_000_000_000L;
    private static final long TOKENS = 1_000_000_000_000L;
    private static final long[] TOKEN_IDS = {T0, T1, LP, 603};

    @TempDir
    Path dir;

    @Test
    void signedHostileBlocksNeverTakeFromWhoDidNotSign() {
        try {
            HostileChain.onEveryRunner(dir, HostileFuzzTest::genesis, this::attack,
                    valueOf(COINS).multiply(valueOf(ACTORS.length + VICTIMS.length + 1)));
        } catch (AssertionError e) {
            throw new AssertionError("seed " + SEED + " (-DhostileFuzz.seed=" + SEED + ")", e);
        }
    }

    private static void genesis(final HostileChain g) {
        final long[] t0 = new long[2 * (ACTORS.length + VICTIMS.length)];
        int i = 0;
        for (int a = 0; a < ACTORS.length; a++) {
            g.account(FIRST_ACTOR + a, COINS, ACTORS[a]);
            t0[i++] = FIRST_ACTOR + a;
            t0[i++] = TOKENS;
        }
        for (int v = 0; v < VICTIMS.length; v++) {
            g.account(FIRST_VICTIM + v, COINS, VICTIMS[v]);
            t0[i++] = FIRST_VICTIM + v;
            t0[i++] = TOKENS;
        }
        g.account(KEYLESS, COINS);
        g.token(T0, t0).token(T1, t0);
    }

    private void attack(final HostileChain c) {
        final SplittableRandom random = new SplittableRandom(SEED);
        c.tx(ACTORS[0], ix -> ix.createPool(POOL, T0, T1, LP));
        c.tx(ACTORS[0], ix -> ix.createMarket(MARKET, T0, T1, FIRST_ACTOR, 800_000_000_000_000_000L, 50_000_000_000_000_000L,
                1_000_000_000L, 1_000_000_000L));
        c.tx(ACTORS[0], ix -> ix.createStakingPool(STAKING, T0, T1, 0, 1000));
        c.tx(ACTORS[1], ix -> ix.addLiquidity(POOL, 0, TOKENS / 10, 0, TOKENS / 10, 0, 1));
        c.tx(ACTORS[1], ix -> ix.setPrice(MARKET, 0, 1_000_000_000_000_000_000L));
        c.block();
        final List<byte[]> signed = new ArrayList<>();
        final long[] protectedIds = {FIRST_VICTIM, FIRST_VICTIM + 1, KEYLESS, POOL, MARKET, STAKING};
        for (int b = 0; b < BLOCKS; b++) {
            final BigInteger[][] before = holdings(c, protectedIds);
            for (int t = 0; t < TXS; t++) {
                hostileTx(c, random, signed);
            }
            c.block();
            final BigInteger[][] after = holdings(c, protectedIds);
            for (int p = 0; p < protectedIds.length; p++) {
                final boolean custody = protectedIds[p] >= POOL;
                for (int h = 0; h < after[p].length; h++) {
                    // a program's token custody moves by its rules; its coins, and everything a victim holds, only grow
                    if (!custody || h == 0) {
                        assertTrue(after[p][h].compareTo(before[p][h]) >= 0, c.runner() + ", block " + b + ": account "
                                + protectedIds[p] + " lost holding " + h + ": " + before[p][h] + " -> " + after[p][h]);
                    }
                }
            }
            for (int v = 0; v < VICTIMS.length; v++) {
                assertEquals(0, c.nonce(FIRST_VICTIM + v), c.runner() + ": victim " + v + " never signed");
            }
        }
    }

    /** Coins, then each token's balance, of each id. */
    private static BigInteger[][] holdings(final HostileChain c, final long[] ids) {
        final BigInteger[][] h = new BigInteger[ids.length][1 + TOKEN_IDS.length];
        for (int i = 0; i < ids.length; i++) {
            h[i][0] = c.coin(ids[i]);
            for (int t = 0; t < TOKEN_IDS.length; t++) {
                h[i][1 + t] = c.tokens(TOKEN_IDS[t], ids[i]);
            }
        }
        return h;
    }

    private static void hostileTx(final HostileChain c, final SplittableRandom random, final List<byte[]> signed) {
        final Ed25519Keys signer = random.nextInt(10) == 0 ? STRANGER : ACTORS[random.nextInt(ACTORS.length)];
        final Function<InstructionEncoder, TxEncoder> instruction = randomInstruction(random);
        final int how = random.nextInt(20);
        if (how == 0 && !signed.isEmpty()) {
            c.raw(signed.get(random.nextInt(signed.size())));
            return;
        }
        final long sender;
        switch (how) {
            case 1:
            case 2:
                sender = FIRST_VICTIM + random.nextInt(VICTIMS.length);
                break;
            case 3:
                sender = POOL + random.nextInt(3);
                break;
            case 4:
                sender = KEYLESS;
                break;
            default:
                sender = signer == STRANGER ? FIRST_ACTOR : c.id(signer);
                break;
        }
        if (how == 5) {
            c.txWithNonce(signer, sender, c.nonce(sender) + 1 + random.nextInt(3), instruction);
        } else if (how == 6) {
            c.signFor(7).txAs(signer, sender, instruction).signFor(io.multilane.exec.sig.SignedPayload.DEFAULT_CHAIN_ID);
        } else {
            c.txAs(signer, sender, instruction);
        }
        signed.add(c.lastTx());
    }

    private static long id(final SplittableRandom random) {
        switch (random.nextInt(8)) {
            case 0:
                return FIRST_VICTIM + random.nextInt(VICTIMS.length);
            case 1:
                return POOL + random.nextInt(3);
            case 2:
                return KEYLESS;
            case 3:
                return random.nextLong();
            default:
                return FIRST_ACTOR + random.nextInt(ACTORS.length);
        }
    }

    private static long token(final SplittableRandom random) {
        return random.nextInt(8) == 0 ? random.nextLong() : TOKEN_IDS[random.nextInt(TOKEN_IDS.length)];
    }

    /** An amount as (hi, lo): zero, one, small, a large part of a balance, or anything up to 2^128 - 1. */
    private static long[] amount(final SplittableRandom random) {
        switch (random.nextInt(6)) {
            case 0:
                return new long[] {0, 0};
            case 1:
                return new long[] {0, 1};
            case 2:
                return new long[] {0, 1 + random.nextInt(1_000_000)};
            case 3:
                return new long[] {0, random.nextLong(TOKENS)};
            case 4:
                return new long[] {-1L, -1L};
            default:
                return new long[] {random.nextLong(), random.nextLong()};
        }
    }

    private static Function<InstructionEncoder, TxEncoder> randomInstruction(final SplittableRandom random) {
        final long x = id(random);
        final long y = id(random);
        final long token = token(random);
        final long[] a = amount(random);
        final long[] b = amount(random);
        switch (random.nextInt(22)) {
            case 0:
                return ix -> ix.coinTransfer(x, a[0], a[1]);
            case 1:
                return ix -> ix.createAccount(x, a[0], a[1]);
            case 2:
                return ix -> ix.transferToKey(VICTIMS[(int) (x & 1)].publicKey(), a[0], a[1]);
            case 3:
                return ix -> ix.tokenTransfer(token, x, a[0], a[1]);
            case 4:
                return ix -> ix.approve(token, x, a[0], a[1]);
            case 5:
                return ix -> ix.transferFrom(token, x, y, a[0], a[1]);
            case 6:
                return ix -> ix.mint(token, x, a[0], a[1]);
            case 7:
                return ix -> ix.createToken(603, a[0], a[1]);
            case 8:
                return ix -> ix.addLiquidity(POOL, a[0], a[1], b[0], b[1], 0, 0);
            case 9:
                return ix -> ix.removeLiquidity(POOL, a[0], a[1], 0, 0, 0, 0);
            case 10:
                return ix -> ix.swap(random.nextBoolean() ? T0 : T1, a[0], a[1], 0, 0, x);
            case 11:
                return ix -> ix.createPool(x, T0, T1, y);
            case 12:
                return ix -> ix.supply(MARKET, a[0], a[1], 0, 0);
            case 13:
                return ix -> ix.withdraw(MARKET, a[0], a[1], b[0], b[1]);
            case 14:
                return ix -> ix.supplyCollateral(MARKET, a[0], a[1]);
            case 15:
                return ix -> ix.borrow(MARKET, a[0], a[1], 0, 0);
            case 16:
                return ix -> ix.withdrawCollateral(MARKET, a[0], a[1]);
            case 17:
                return ix -> ix.liquidate(MARKET, x, a[0], a[1], 0, 0);
            case 18:
                return ix -> ix.fund(STAKING, a[0], a[1]);
            case 19:
                return ix -> ix.stake(STAKING, a[0], a[1]);
            case 20:
                return ix -> ix.unstake(STAKING, a[0], a[1]);
            default:
                return ix -> ix.claim(STAKING);
        }
    }
}
