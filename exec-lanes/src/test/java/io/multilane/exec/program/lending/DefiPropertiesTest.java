package io.multilane.exec.program.lending;

import static io.multilane.exec.program.lending.LendingFixture.WAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.multilane.exec.program.lending.DefiHarness.Outcome;
import io.multilane.exec.program.staking.StakingFixture;
import io.multilane.exec.program.staking.StakingInstructions;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.state.DirectoryTree;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.AccountDescriptor;
import io.multilane.state.record.LendingMarketDescriptor;
import io.multilane.state.record.LendingPositionDescriptor;
import io.multilane.state.record.StakingPoolDescriptor;
import io.multilane.state.record.StakingPositionDescriptor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random sequences of lending and staking operations (one transaction per block, so interest and
 * rewards accrue between them) on the real serial executor and store; after every operation the
 * invariants of {@code docs/programs-defi.md} are checked. jqwik prints the seed of a failing run.
 */
class DefiPropertiesTest {
    static final long ORACLE = 21;
    static final long FUNDER = 22;
    static final long[] ACTORS = {30, 31, 32, 33};
    static final long LOAN = 500;
    static final long COLL = 501;
    static final long REWARD = 511;
    /** Two markets over the same pair of tokens, in opposite directions. */
    static final long[] MARKETS = {700, 701};
    static final long[] LOANS = {500, 501};
    static final long[] COLLATERALS = {501, 500};
    static final long POOL = 800;
    static final BigInteger E24 = BigInteger.TEN.pow(24);
    static final long LLTV = 860_000_000_000_000_000L;

    /** Kinds of random operation. */
    enum Kind {
        SUPPLY, WITHDRAW, SUPPLY_COLLATERAL, WITHDRAW_COLLATERAL, BORROW, REPAY, LIQUIDATE, PRICE,
        STAKE, UNSTAKE, CLAIM, FUND, ADVANCE, BAD_NONCE
    }

    /**
     * One operation: who, against whom, how much, whether the amount is in shares, or "all of it".
     */
    record Op(Kind kind, int market, int actor, int other, BigInteger amount, boolean shares, boolean all) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        final Arbitrary<Kind> kinds = Arbitraries.frequency(
                Tuple.of(4, Kind.SUPPLY), Tuple.of(2, Kind.WITHDRAW),
                Tuple.of(3, Kind.SUPPLY_COLLATERAL), Tuple.of(2, Kind.WITHDRAW_COLLATERAL),
                Tuple.of(7, Kind.BORROW), Tuple.of(2, Kind.REPAY),
                Tuple.of(4, Kind.LIQUIDATE), Tuple.of(3, Kind.PRICE),
                Tuple.of(3, Kind.STAKE), Tuple.of(2, Kind.UNSTAKE),
                Tuple.of(2, Kind.CLAIM), Tuple.of(1, Kind.FUND),
                Tuple.of(2, Kind.ADVANCE), Tuple.of(1, Kind.BAD_NONCE));
        final BigInteger e18 = BigInteger.TEN.pow(18);
        final Arbitrary<BigInteger> amounts = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(BigInteger.ZERO)),
                Tuple.of(3, Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.valueOf(1_000_000))),
                Tuple.of(6, Arbitraries.bigIntegers().between(e18, E24)),
                Tuple.of(3, Arbitraries.bigIntegers().between(E24, E24.multiply(BigInteger.valueOf(1000)))));
        final Arbitrary<Op> op = Combinators.combine(kinds, Arbitraries.integers().between(0, MARKETS.length - 1),
                Arbitraries.integers().between(0, ACTORS.length - 1),
                Arbitraries.integers().between(0, ACTORS.length - 1), amounts, Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 4)).as((k, m, a, o, amt, sh, all) -> new Op(k, m, a, o, amt, sh, all == 0));
        return op.list().ofMinSize(20).ofMaxSize(80);
    }

    @Property(tries = 30, edgeCases = EdgeCasesMode.NONE)
    void lendingAndStakingKeepTheirInvariants(@ForAll("ops") final List<Op> ops) {
        final Path dir = tempDir();
        final DefiHarness.Genesis genesis = new DefiHarness.Genesis().account(ORACLE, 1_000_000).account(FUNDER, 1_000_000)
                .balance(REWARD, FUNDER, E24.multiply(BigInteger.valueOf(10)));
        for (final long a : ACTORS) {
            genesis.account(a, 1_000_000).balance(LOAN, a, E24.multiply(BigInteger.valueOf(2000)))
                    .balance(COLL, a, E24.multiply(BigInteger.valueOf(2000)));
        }
        try (DefiHarness chain = new DefiHarness(dir, genesis)) {
            new Run(chain).play(ops);
        } finally {
            delete(dir);
        }
    }

    /** One property run: executes the ops and checks the invariants after each. */
    private static final class Run {
        private final DefiHarness chain;
        private final LendingFixture lending;
        private final StakingFixture staking;
        private BigInteger funded = BigInteger.ZERO;
        private BigInteger claimed = BigInteger.ZERO;
        private long market = MARKETS[0];
        private long loan = LOANS[0];
        private long collateralToken = COLLATERALS[0];

        Run(final DefiHarness chain) {
            this.chain = chain;
            this.lending = new LendingFixture(chain);
            this.staking = new StakingFixture(chain);
        }

        void play(final List<Op> ops) {
            for (int m = 0; m < MARKETS.length; m++) {
                check(lending.create(FUNDER, MARKETS[m], LOANS[m], COLLATERALS[m], ORACLE, LLTV, 80_000_000_000_000_000L,
                        50_000_000_000_000L, 5_000_000_000_000_000L), null);
                check(lending.price(ORACLE, MARKETS[m], WAD), null);
            }
            check(staking.create(FUNDER, POOL, LOAN, REWARD, BigInteger.TEN.pow(20)), null);
            fund(E24);
            for (int m = 0; m < MARKETS.length; m++) {
                for (final long a : ACTORS) {
                    final BigInteger supplied = E24.multiply(BigInteger.valueOf(a));
                    check(lending.amounts(LendingInstructions.SUPPLY, a, MARKETS[m], supplied, BigInteger.ZERO), null);
                    check(lending.collateral(LendingInstructions.SUPPLY_COLLATERAL, a, MARKETS[m], E24.multiply(BigInteger.TEN)),
                            null);
                }
            }
            for (final Op op : ops) {
                step(op);
            }
        }

        private void select(final int m) {
            market = MARKETS[m];
            loan = LOANS[m];
            collateralToken = COLLATERALS[m];
        }

        private void fund(final BigInteger amount) {
            final Outcome o = staking.amount(StakingInstructions.FUND, FUNDER, POOL, amount);
            if (o.status() == TxStatus.SUCCESS) {
                funded = funded.add(amount);
            }
            invariants(null, o);
        }

        private void step(final Op op) {
            select(op.market());
            final long actor = ACTORS[op.actor()];
            final long other = ACTORS[op.other()];
            if (op.kind() == Kind.ADVANCE) {
                chain.advance(1 + op.amount().mod(BigInteger.valueOf(20)).intValue());
                invariants(op, null);
                return;
            }
            if (op.kind() == Kind.FUND) {
                fund(op.amount());
                return;
            }
            final Map<String, byte[]> before = chain.snapshot();
            final Outcome o = run(op, actor, other);
            Statistics.collect(op.kind(), o.status() == TxStatus.SUCCESS ? "ok" : LendingReasons.name(o.reason()));
            if (o.status() != TxStatus.SUCCESS) {
                onlyEnvelopeChanged(before, chain.snapshot(), actor, o);
            }
            if (o.status() == TxStatus.SUCCESS
                    && (op.kind() == Kind.BORROW || op.kind() == Kind.WITHDRAW_COLLATERAL)) {
                assertTrue(lending.healthy(market, actor), op + " left an unhealthy position");
            }
            if (o.status() == TxStatus.SUCCESS && op.kind() == Kind.CLAIM) {
                claimed = claimed.add(o.event(StakingInstructions.EVENT_CLAIMED).amount0());
            }
            invariants(op, o);
        }

        private Outcome run(final Op op, final long actor, final long other) {
            final BigInteger a = op.amount();
            switch (op.kind()) {
                case SUPPLY:
                    return lendingAmounts(LendingInstructions.SUPPLY, actor, op, null);
                case WITHDRAW:
                    return lendingAmounts(LendingInstructions.WITHDRAW, actor, op,
                            lending.position(market, actor, LendingPositionDescriptor.SUPPLY_SHARES_OFFSET));
                case BORROW: {
                    if (op.shares()) {
                        return lendingAmounts(LendingInstructions.BORROW, actor, op, null);
                    }
                    // the headroom exactly, or 50%..149% of it: both sides of the health boundary
                    final BigInteger room = headroom(actor);
                    final BigInteger percent = a.mod(BigInteger.valueOf(100)).add(BigInteger.valueOf(50));
                    final BigInteger some = room.multiply(percent).divide(BigInteger.valueOf(100)).max(BigInteger.ONE);
                    return lending.amounts(LendingInstructions.BORROW, actor, market, op.all() ? room : some, BigInteger.ZERO);
                }
                case REPAY:
                    return lendingAmounts(LendingInstructions.REPAY, actor, op,
                            lending.position(market, actor, LendingPositionDescriptor.BORROW_SHARES_OFFSET));
                case SUPPLY_COLLATERAL:
                    return lending.collateral(LendingInstructions.SUPPLY_COLLATERAL, actor, market, a);
                case WITHDRAW_COLLATERAL:
                    return lending.collateral(LendingInstructions.WITHDRAW_COLLATERAL, actor, market, op.all()
                            ? lending.position(market, actor, LendingPositionDescriptor.COLLATERAL_OFFSET) : a);
                case LIQUIDATE: {
                    final long borrower = borrowerFrom(op.other());
                    final BigInteger debt = lending.position(market, borrower, LendingPositionDescriptor.BORROW_SHARES_OFFSET);
                    return op.shares() || op.all()
                            ? lending.liquidate(actor, market, borrower, BigInteger.ZERO, op.all() ? debt : a.min(debt))
                            : lending.liquidate(actor, market, borrower, a, BigInteger.ZERO);
                }
                case PRICE:
                    // a random walk: 60% .. 129% of the current price; sometimes sent by a non-oracle
                    final BigInteger percent = a.mod(BigInteger.valueOf(70)).add(BigInteger.valueOf(60));
                    final BigInteger price = lending.market(market, LendingMarketDescriptor.PRICE_OFFSET).multiply(percent)
                            .divide(BigInteger.valueOf(100)).max(BigInteger.ONE);
                    return lending.price(op.all() ? actor : ORACLE, market, price);
                case STAKE:
                    return staking.amount(StakingInstructions.STAKE, actor, POOL, a);
                case UNSTAKE:
                    return staking.amount(StakingInstructions.UNSTAKE, actor, POOL, op.all()
                            ? chain.u128(KeyType.STAKING_POSITION, POOL, actor, 0) : a);
                case CLAIM:
                    return staking.claim(actor, POOL);
                case BAD_NONCE:
                    final BigInteger assets = a.max(BigInteger.ONE);
                    return chain.send(actor, nonce(actor) + 1 + a.mod(BigInteger.TEN).longValue(),
                            t -> t.supply(market, DefiHarness.hi(assets), DefiHarness.lo(assets), 0, 0));
                default:
                    throw new IllegalStateException(op.toString());
            }
        }

        private Outcome lendingAmounts(final int instruction, final long actor, final Op op, final BigInteger owned) {
            if (op.all() && owned != null) {
                return lending.amounts(instruction, actor, market, BigInteger.ZERO, owned);
            }
            return op.shares()
                    ? lending.amounts(instruction, actor, market, BigInteger.ZERO,
                            op.amount().multiply(BigInteger.valueOf(WadMath.VIRTUAL_SHARES)))
                    : lending.amounts(instruction, actor, market, op.amount(), BigInteger.ZERO);
        }

        /** The most the actor can borrow now by the model (health limit and liquidity), at least 1. */
        private BigInteger headroom(final long actor) {
            final BigInteger collateral = lending.position(market, actor, LendingPositionDescriptor.COLLATERAL_OFFSET);
            final BigInteger price = lending.market(market, LendingMarketDescriptor.PRICE_OFFSET);
            final BigInteger limit = collateral.multiply(price).divide(WAD).multiply(BigInteger.valueOf(LLTV)).divide(WAD);
            final BigInteger idle = lending.market(market, LendingMarketDescriptor.TOTAL_SUPPLY_ASSETS_OFFSET)
                    .subtract(lending.market(market, LendingMarketDescriptor.TOTAL_BORROW_ASSETS_OFFSET));
            return limit.subtract(lending.debt(market, actor)).min(idle).max(BigInteger.ONE);
        }

        /** From index {@code from} on: the first unhealthy debtor, else the first debtor, else the actor at {@code from}. */
        private long borrowerFrom(final int from) {
            long debtor = ACTORS[from];
            for (int i = ACTORS.length - 1; i >= 0; i--) {
                final long candidate = ACTORS[(from + i) % ACTORS.length];
                if (lending.position(market, candidate, LendingPositionDescriptor.BORROW_SHARES_OFFSET).signum() > 0) {
                    debtor = candidate;
                    if (!lending.healthy(market, candidate)) {
                        return candidate;
                    }
                }
            }
            return debtor;
        }

        private long nonce(final long account) {
            return chain.u64(KeyType.ACCOUNT, account, 0, AccountDescriptor.NONCE_OFFSET);
        }

        private void check(final Outcome o, final Op op) {
            assertEquals(TxStatus.SUCCESS, o.status(), "setup " + o);
            invariants(op, o);
        }

        private void invariants(final Op op, final Outcome o) {
            final String at = op + " -> " + o;
            assertTrue(chain.supplyMismatches().isEmpty(), at + ": " + chain.supplyMismatches());
            for (int m = 0; m < MARKETS.length; m++) {
                select(m);
                marketInvariants(at + " market " + market);
            }
            assertTrue(claimed.compareTo(funded) <= 0, at + ": claimed " + claimed + " > funded " + funded);
            final BigInteger remaining = staking.pool(POOL, StakingPoolDescriptor.REWARDS_REMAINING_OFFSET);
            assertTrue(claimed.add(remaining).compareTo(funded) <= 0, at + ": claimed + remaining > funded");
            assertTrue(chain.balance(REWARD, POOL).compareTo(remaining.add(outstandingRewards())) >= 0,
                    at + ": pool holds less than remaining + everything owed");
            BigInteger staked = BigInteger.ZERO;
            for (final long a : ACTORS) {
                staked = staked.add(staking.position(POOL, a, StakingPositionDescriptor.STAKED_OFFSET));
            }
            assertEquals(staking.pool(POOL, StakingPoolDescriptor.TOTAL_STAKED_OFFSET), staked, at);
        }

        private void marketInvariants(final String at) {
            final BigInteger supply = lending.market(market, LendingMarketDescriptor.TOTAL_SUPPLY_ASSETS_OFFSET);
            final BigInteger borrow = lending.market(market, LendingMarketDescriptor.TOTAL_BORROW_ASSETS_OFFSET);
            assertTrue(borrow.compareTo(supply) <= 0, at + ": borrowed " + borrow + " > supplied " + supply);
            assertTrue(chain.balance(loan, market).compareTo(supply.subtract(borrow)) >= 0,
                    at + ": market holds less than its idle liquidity");
            BigInteger supplyShares = BigInteger.ZERO;
            BigInteger borrowShares = BigInteger.ZERO;
            BigInteger collateral = BigInteger.ZERO;
            for (final long a : ACTORS) {
                supplyShares = supplyShares.add(lending.position(market, a, LendingPositionDescriptor.SUPPLY_SHARES_OFFSET));
                borrowShares = borrowShares.add(lending.position(market, a, LendingPositionDescriptor.BORROW_SHARES_OFFSET));
                collateral = collateral.add(lending.position(market, a, LendingPositionDescriptor.COLLATERAL_OFFSET));
            }
            assertEquals(lending.market(market, LendingMarketDescriptor.TOTAL_SUPPLY_SHARES_OFFSET), supplyShares, at);
            assertEquals(lending.market(market, LendingMarketDescriptor.TOTAL_BORROW_SHARES_OFFSET), borrowShares, at);
            assertEquals(chain.balance(collateralToken, market), collateral, at + ": market collateral = sum of positions'");
        }

        /** Rewards owed or earned (to the pool's stored accumulator) by every position. */
        private BigInteger outstandingRewards() {
            final BigInteger perToken = staking.pool(POOL, StakingPoolDescriptor.REWARD_PER_TOKEN_STORED_OFFSET);
            BigInteger sum = BigInteger.ZERO;
            for (final long a : ACTORS) {
                final BigInteger paid = staking.position(POOL, a, StakingPositionDescriptor.REWARD_PER_TOKEN_PAID_OFFSET);
                sum = sum.add(staking.position(POOL, a, StakingPositionDescriptor.REWARDS_OWED_OFFSET))
                        .add(staking.position(POOL, a, StakingPositionDescriptor.STAKED_OFFSET).multiply(perToken.subtract(paid))
                                .divide(WAD));
            }
            return sum;
        }

        /** A failed (or rejected) transaction changes only the sender's fee and nonce and the collector's fee. */
        private void onlyEnvelopeChanged(final Map<String, byte[]> before, final Map<String, byte[]> after, final long sender,
                final Outcome o) {
            final String senderKey = DefiHarness.keyHex(KeyType.ACCOUNT, sender, 0);
            final String collectorKey = DefiHarness.keyHex(KeyType.ACCOUNT, DefiHarness.FEE_COLLECTOR, 0);
            final Set<String> keys = new HashSet<>(before.keySet());
            keys.addAll(after.keySet());
            final boolean charged = o.status() == TxStatus.FAILED;
            for (final String k : keys) {
                final byte[] was = before.get(k);
                final byte[] now = after.get(k);
                if (charged && k.equals(senderKey)) {
                    assertEquals(balance(was) - DefiHarness.FEE, balance(now), o + ": sender balance");
                    assertEquals(nonceOf(was) + 1, nonceOf(now), o + ": sender nonce");
                } else if (charged && k.equals(collectorKey)) {
                    assertEquals((was == null ? 0 : balance(was)) + DefiHarness.FEE, balance(now), o + ": fee collector");
                } else {
                    assertTrue(java.util.Arrays.equals(was, now), o + " (" + ReasonCodes.name(o.reason())
                            + ") changed record " + k);
                }
            }
        }

        private static long balance(final byte[] account) {
            return ByteBuffer.wrap(account).order(ByteOrder.LITTLE_ENDIAN).getLong(AccountDescriptor.BALANCE_OFFSET);
        }

        private static long nonceOf(final byte[] account) {
            return ByteBuffer.wrap(account).order(ByteOrder.LITTLE_ENDIAN).getLong(AccountDescriptor.NONCE_OFFSET);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("defi-props");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(final Path dir) {
        try {
            DirectoryTree.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
