package io.multilane.exec.program.lending;

import static io.multilane.exec.program.lending.LendingFixture.WAD;
import static io.multilane.exec.program.lending.LendingFixture.tokens;
import static java.math.BigInteger.ZERO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;

import io.multilane.exec.program.lending.DefiHarness.Outcome;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.state.record.LendingMarketDescriptor;
import io.multilane.state.record.LendingPositionDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LendingProgramTest {
    static final long OWNER = 20;
    static final long ORACLE = 21;
    static final long LENDER = 30;
    static final long BORROWER = 31;
    static final long LIQUIDATOR = 32;
    static final long LOAN = 500;
    static final long COLL = 501;
    static final long MARKET = 700;
    static final long LLTV = 800_000_000_000_000_000L;
    static final long BONUS = 50_000_000_000_000_000L;
    static final long BASE = 100_000_000_000_000L;
    static final long SLOPE = 1_000_000_000_000_000L;

    @TempDir
    Path dir;
    private DefiHarness chain;
    private LendingFixture lending;

    @BeforeEach
    void open() {
        chain = new DefiHarness(dir, new DefiHarness.Genesis()
                .account(OWNER, 1_000_000).account(ORACLE, 1_000_000).account(LENDER, 1_000_000)
                .account(BORROWER, 1_000_000).account(LIQUIDATOR, 1_000_000)
                .balance(LOAN, LENDER, tokens(1_000_000)).balance(LOAN, LIQUIDATOR, tokens(1_000_000))
                .balance(LOAN, BORROWER, tokens(1_000)).balance(COLL, BORROWER, tokens(1_000_000)));
        lending = new LendingFixture(chain);
    }

    @AfterEach
    void close() {
        chain.close();
    }

    private static void ok(final Outcome o) {
        assertEquals(TxStatus.SUCCESS, o.status(), o.toString());
    }

    private static void fails(final int reason, final Outcome o) {
        assertEquals(TxStatus.FAILED, o.status(), o.toString());
        assertEquals(LendingReasons.name(reason), LendingReasons.name(o.reason()));
    }

    private void market(final long base, final long slope) {
        ok(lending.create(OWNER, MARKET, LOAN, COLL, ORACLE, LLTV, BONUS, base, slope));
        ok(lending.price(ORACLE, MARKET, WAD));
    }

    private BigInteger total(final int field) {
        return lending.market(MARKET, field);
    }

    @Test
    void createWritesTheParametersAndRefusesBadOnes() {
        fails(ReasonCodes.INVALID_ARGUMENT, lending.create(OWNER, MARKET, LOAN, LOAN, ORACLE, LLTV, BONUS, BASE, SLOPE));
        fails(LendingReasons.INVALID_MARKET_PARAMS, lending.create(OWNER, MARKET, LOAN, COLL, ORACLE, 0, BONUS, BASE, SLOPE));
        fails(LendingReasons.INVALID_MARKET_PARAMS, lending.create(OWNER, MARKET, LOAN, COLL, ORACLE, WAD.longValue(), BONUS,
                BASE, SLOPE));
        fails(LendingReasons.INVALID_MARKET_PARAMS, lending.create(OWNER, MARKET, LOAN, COLL, ORACLE, LLTV, WAD.longValue() + 1,
                BASE, SLOPE));
        fails(LendingReasons.INVALID_MARKET_PARAMS, lending.create(OWNER, MARKET, LOAN, COLL, ORACLE, LLTV, BONUS,
                LendingInstructions.MAX_RATE_PER_BLOCK + 1, SLOPE));
        fails(LendingReasons.INVALID_MARKET_PARAMS, lending.create(OWNER, MARKET, LOAN, COLL, ORACLE, LLTV, BONUS, BASE, -1L));
        fails(ReasonCodes.NOT_FOUND, lending.create(OWNER, MARKET, LOAN, 777, ORACLE, LLTV, BONUS, BASE, SLOPE));
        fails(ReasonCodes.ALREADY_EXISTS, lending.create(OWNER, LENDER, LOAN, COLL, ORACLE, LLTV, BONUS, BASE, SLOPE));
        final long height = chain.nextHeight();
        final Outcome created = lending.create(OWNER, MARKET, LOAN, COLL, ORACLE, LLTV, BONUS, BASE, SLOPE);
        ok(created);
        assertNotNull(created.event(LendingInstructions.EVENT_MARKET_CREATED));
        assertEquals(height, lending.lastAccrual(MARKET));
        fails(ReasonCodes.ALREADY_EXISTS, lending.create(OWNER, MARKET, LOAN, COLL, ORACLE, LLTV, BONUS, BASE, SLOPE));
    }

    @Test
    void onlyTheOracleSetsAPositivePrice() {
        ok(lending.create(OWNER, MARKET, LOAN, COLL, ORACLE, LLTV, BONUS, BASE, SLOPE));
        fails(ReasonCodes.UNAUTHORIZED, lending.price(OWNER, MARKET, WAD));
        fails(ReasonCodes.INVALID_ARGUMENT, lending.price(ORACLE, MARKET, ZERO));
        fails(ReasonCodes.NOT_FOUND, lending.price(ORACLE, MARKET + 1, WAD));
        ok(lending.price(ORACLE, MARKET, WAD.multiply(BigInteger.TWO)));
        assertEquals(WAD.multiply(BigInteger.TWO), total(LendingMarketDescriptor.PRICE_OFFSET));
    }

    @Test
    void supplyMintsSharesWithVirtualOffsetAndWithdrawBurnsThem() {
        market(BASE, SLOPE);
        fails(ReasonCodes.INVALID_ARGUMENT, lending.amounts(LendingInstructions.SUPPLY, LENDER, MARKET, tokens(1), tokens(1)));
        fails(ReasonCodes.INVALID_ARGUMENT, lending.amounts(LendingInstructions.SUPPLY, LENDER, MARKET, ZERO, ZERO));
        fails(ReasonCodes.INSUFFICIENT_BALANCE,
                lending.amounts(LendingInstructions.SUPPLY, BORROWER, MARKET, tokens(1001), ZERO));
        ok(lending.amounts(LendingInstructions.SUPPLY, LENDER, MARKET, tokens(1000), ZERO));
        final BigInteger shares = tokens(1000).multiply(BigInteger.valueOf(WadMath.VIRTUAL_SHARES));
        assertEquals(shares, lending.position(MARKET, LENDER, LendingPositionDescriptor.SUPPLY_SHARES_OFFSET));
        assertEquals(shares, total(LendingMarketDescriptor.TOTAL_SUPPLY_SHARES_OFFSET));
        assertEquals(tokens(1000), total(LendingMarketDescriptor.TOTAL_SUPPLY_ASSETS_OFFSET));
        assertEquals(tokens(1000), chain.balance(LOAN, MARKET));
        assertEquals(tokens(999_000), chain.balance(LOAN, LENDER));

        fails(LendingReasons.INSUFFICIENT_SUPPLY_SHARES,
                lending.amounts(LendingInstructions.WITHDRAW, LENDER, MARKET, ZERO, shares.add(BigInteger.ONE)));
        fails(LendingReasons.INSUFFICIENT_SUPPLY_SHARES,
                lending.amounts(LendingInstructions.WITHDRAW, BORROWER, MARKET, tokens(1), ZERO));
        final Outcome w = lending.amounts(LendingInstructions.WITHDRAW, LENDER, MARKET, tokens(400), ZERO);
        ok(w);
        // no borrow, no interest: 400 tokens cost ceil(400e18 * (1e27 + 1e6) / (1000e18 + 1)) shares
        final BigInteger burned = LendingFixture.toSharesUp(tokens(400), tokens(1000), shares);
        assertEquals(burned, w.event(LendingInstructions.EVENT_WITHDRAW).amount1());
        assertEquals(shares.subtract(burned), lending.position(MARKET, LENDER, LendingPositionDescriptor.SUPPLY_SHARES_OFFSET));
        assertEquals(tokens(999_400), chain.balance(LOAN, LENDER));
        assertEquals(tokens(600), chain.balance(LOAN, MARKET));
        ok(lending.amounts(LendingInstructions.WITHDRAW, LENDER, MARKET, ZERO, shares.subtract(burned)));
        assertEquals(ZERO, total(LendingMarketDescriptor.TOTAL_SUPPLY_SHARES_OFFSET));
        assertTrue(chain.balance(LOAN, MARKET).compareTo(BigInteger.TWO) < 0, "at most rounding dust stays");
        assertTrue(chain.supplyMismatches().isEmpty(), chain.supplyMismatches().toString());
    }

    @Test
    void collateralMovesAndCannotLeaveAPositionUnhealthy() {
        market(0, 0);
        ok(lending.amounts(LendingInstructions.SUPPLY, LENDER, MARKET, tokens(1000), ZERO));
        fails(ReasonCodes.INVALID_ARGUMENT, lending.collateral(LendingInstructions.SUPPLY_COLLATERAL, BORROWER, MARKET, ZERO));
        fails(ReasonCodes.INSUFFICIENT_BALANCE, lending.collateral(LendingInstructions.SUPPLY_COLLATERAL, LENDER, MARKET,
                tokens(1)));
        ok(lending.collateral(LendingInstructions.SUPPLY_COLLATERAL, BORROWER, MARKET, tokens(100)));
        assertEquals(tokens(100), chain.balance(COLL, MARKET));
        assertEquals(tokens(100), lending.position(MARKET, BORROWER, LendingPositionDescriptor.COLLATERAL_OFFSET));
        fails(LendingReasons.INSUFFICIENT_COLLATERAL, lending.collateral(LendingInstructions.WITHDRAW_COLLATERAL, BORROWER,
                MARKET, tokens(101)));
        ok(lending.amounts(LendingInstructions.BORROW, BORROWER, MARKET, tokens(40), ZERO));
        // debt 40 needs 50 collateral at lltv 0.8 and price 1
        fails(LendingReasons.UNHEALTHY_POSITION, lending.collateral(LendingInstructions.WITHDRAW_COLLATERAL, BORROWER, MARKET,
                tokens(50).add(BigInteger.ONE)));
        ok(lending.collateral(LendingInstructions.WITHDRAW_COLLATERAL, BORROWER, MARKET, tokens(50)));
        assertTrue(lending.healthy(MARKET, BORROWER));
        assertEquals(tokens(50), chain.balance(COLL, MARKET));
        assertEquals(tokens(1_000_000 - 50), chain.balance(COLL, BORROWER));
    }

    @Test
    void borrowIsLimitedByHealthAndLiquidityAndRepayBurnsShares() {
        market(0, 0);
        ok(lending.amounts(LendingInstructions.SUPPLY, LENDER, MARKET, tokens(100), ZERO));
        ok(lending.collateral(LendingInstructions.SUPPLY_COLLATERAL, BORROWER, MARKET, tokens(1000)));
        fails(ReasonCodes.INSUFFICIENT_LIQUIDITY,
                lending.amounts(LendingInstructions.BORROW, BORROWER, MARKET, tokens(101), ZERO));
        ok(lending.amounts(LendingInstructions.SUPPLY, LENDER, MARKET, tokens(900), ZERO));
        fails(LendingReasons.UNHEALTHY_POSITION, lending.amounts(LendingInstructions.BORROW, BORROWER, MARKET,
                tokens(800).add(BigInteger.ONE), ZERO));
        fails(LendingReasons.UNHEALTHY_POSITION, lending.amounts(LendingInstructions.BORROW, LENDER, MARKET, tokens(1), ZERO));
        final Outcome b = lending.amounts(LendingInstructions.BORROW, BORROWER, MARKET, tokens(800), ZERO);
        ok(b);
        final BigInteger shares = tokens(800).multiply(BigInteger.valueOf(WadMath.VIRTUAL_SHARES));
        assertEquals(shares, b.event(LendingInstructions.EVENT_BORROW).amount1(), "first borrow: ceil(a * 1e6 / 1)");
        assertEquals(tokens(1800), chain.balance(LOAN, BORROWER));
        assertEquals(tokens(200), chain.balance(LOAN, MARKET));
        assertTrue(lending.healthy(MARKET, BORROWER));
        fails(ReasonCodes.INSUFFICIENT_LIQUIDITY,
                lending.amounts(LendingInstructions.WITHDRAW, LENDER, MARKET, tokens(201), ZERO));

        fails(LendingReasons.REPAY_EXCEEDS_DEBT,
                lending.amounts(LendingInstructions.REPAY, BORROWER, MARKET, ZERO, shares.add(BigInteger.ONE)));
        ok(lending.amounts(LendingInstructions.REPAY, BORROWER, MARKET, tokens(300), ZERO));
        assertEquals(tokens(500), lending.debt(MARKET, BORROWER));
        final Outcome all = lending.amounts(LendingInstructions.REPAY, BORROWER, MARKET, ZERO,
                lending.position(MARKET, BORROWER, LendingPositionDescriptor.BORROW_SHARES_OFFSET));
        ok(all);
        assertEquals(tokens(500), all.event(LendingInstructions.EVENT_REPAY).amount0());
        assertEquals(ZERO, total(LendingMarketDescriptor.TOTAL_BORROW_ASSETS_OFFSET));
        assertEquals(ZERO, total(LendingMarketDescriptor.TOTAL_BORROW_SHARES_OFFSET));
        assertEquals(tokens(1000), chain.balance(LOAN, MARKET));
        assertEquals(tokens(1000), chain.balance(LOAN, BORROWER));
    }

    @Test
    void interestAccruesByBlocksWithTheTaylorCompoundedLinearRate() {
        market(BASE, SLOPE);
        ok(lending.amounts(LendingInstructions.SUPPLY, LENDER, MARKET, tokens(1000), ZERO));
        ok(lending.collateral(LendingInstructions.SUPPLY_COLLATERAL, BORROWER, MARKET, tokens(1000)));
        final Outcome borrowed = lending.amounts(LendingInstructions.BORROW, BORROWER, MARKET, tokens(500), ZERO);
        ok(borrowed);
        assertEquals(null, borrowed.event(LendingInstructions.EVENT_ACCRUE), "no interest while nothing was borrowed");
        final long borrowHeight = lending.lastAccrual(MARKET);
        chain.advance(9);
        final Outcome touched = lending.price(ORACLE, MARKET, WAD);
        ok(touched);
        assertEquals(borrowHeight + 10, lending.lastAccrual(MARKET));
        // utilization 0.5: rate = 1e14 + 1e15 * 0.5 = 6e14 per block; x = 10 blocks * 6e14 = 6e15
        // factor = x + x^2 / 2e18 + x^3 / 6e36 = 6e15 + 1.8e13 + 3.6e10 = 6_018_036_000_000_000
        // interest = 500e18 * 6_018_036_000_000_000 / 1e18 = 3_009_018_000_000_000_000
        final BigInteger interest = new BigInteger("3009018000000000000");
        final DefiHarness.Event accrue = touched.event(LendingInstructions.EVENT_ACCRUE);
        assertNotNull(accrue);
        assertEquals(10, accrue.b());
        assertEquals(interest, accrue.amount0());
        assertEquals(tokens(500).add(interest), total(LendingMarketDescriptor.TOTAL_BORROW_ASSETS_OFFSET));
        assertEquals(tokens(1000).add(interest), total(LendingMarketDescriptor.TOTAL_SUPPLY_ASSETS_OFFSET));
        // the borrower owes ceil(5e26 * (T + 1) / (5e26 + 1e6)) with T the grown total: the virtual
        // shares take about (T + 1) * 2e-21 ~ 1.006 units off T + 1, so the debt is exactly T
        assertEquals(tokens(500).add(interest), lending.debt(MARKET, BORROWER));

        // a second step compounds on the new totals: utilization = 503.009018 / 1003.009018
        chain.advance(4);
        final Outcome again = lending.collateral(LendingInstructions.SUPPLY_COLLATERAL, BORROWER, MARKET, tokens(1));
        ok(again);
        final BigInteger borrow = tokens(500).add(interest);
        final BigInteger supply = tokens(1000).add(interest);
        final BigInteger util = borrow.multiply(WAD).divide(supply);
        final BigInteger rate = BigInteger.valueOf(SLOPE).multiply(util).divide(WAD).add(BigInteger.valueOf(BASE));
        final BigInteger x = rate.multiply(BigInteger.valueOf(5));
        final BigInteger second = x.multiply(x).divide(WAD.multiply(BigInteger.TWO));
        final BigInteger third = second.multiply(x).divide(WAD.multiply(BigInteger.valueOf(3)));
        final BigInteger expected = borrow.multiply(x.add(second).add(third)).divide(WAD);
        assertEquals(expected, again.event(LendingInstructions.EVENT_ACCRUE).amount0());
    }

    @Test
    void liquidationSeizesRepaidTimesBonusOverPriceOnlyFromUnhealthyPositions() {
        market(0, 0);
        ok(lending.amounts(LendingInstructions.SUPPLY, LENDER, MARKET, tokens(1000), ZERO));
        ok(lending.collateral(LendingInstructions.SUPPLY_COLLATERAL, BORROWER, MARKET, tokens(1000)));
        ok(lending.amounts(LendingInstructions.BORROW, BORROWER, MARKET, tokens(800), ZERO));
        fails(LendingReasons.HEALTHY_POSITION, lending.liquidate(LIQUIDATOR, MARKET, BORROWER, tokens(100), ZERO));
        fails(LendingReasons.HEALTHY_POSITION, lending.liquidate(LIQUIDATOR, MARKET, LENDER, tokens(100), ZERO));
        final BigInteger price = new BigInteger("900000000000000000");
        ok(lending.price(ORACLE, MARKET, price));
        assertFalse(lending.healthy(MARKET, BORROWER));
        final BigInteger sharesBefore = lending.position(MARKET, BORROWER, LendingPositionDescriptor.BORROW_SHARES_OFFSET);
        fails(LendingReasons.REPAY_EXCEEDS_DEBT,
                lending.liquidate(LIQUIDATOR, MARKET, BORROWER, ZERO, sharesBefore.add(BigInteger.ONE)));

        final Outcome l = lending.liquidate(LIQUIDATOR, MARKET, BORROWER, tokens(100), ZERO);
        ok(l);
        // seized = floor(100e18 * 1.05e18 / 0.9e18) = 116.666... tokens
        final BigInteger seized = new BigInteger("116666666666666666666");
        final DefiHarness.Event e = l.event(LendingInstructions.EVENT_LIQUIDATE);
        assertEquals(tokens(100), e.amount0());
        assertEquals(seized, e.amount1());
        assertEquals(LIQUIDATOR, e.c());
        assertEquals(tokens(1000).subtract(seized),
                lending.position(MARKET, BORROWER, LendingPositionDescriptor.COLLATERAL_OFFSET));
        assertEquals(seized, chain.balance(COLL, LIQUIDATOR));
        assertEquals(tokens(999_900), chain.balance(LOAN, LIQUIDATOR));
        final BigInteger burned = LendingFixture.toSharesDown(tokens(100), tokens(800), sharesBefore);
        assertEquals(sharesBefore.subtract(burned),
                lending.position(MARKET, BORROWER, LendingPositionDescriptor.BORROW_SHARES_OFFSET));
        assertTrue(chain.supplyMismatches().isEmpty(), chain.supplyMismatches().toString());
    }

    @Test
    void liquidationCappedAtTheCollateralRealizesBadDebt() {
        market(0, 0);
        ok(lending.amounts(LendingInstructions.SUPPLY, LENDER, MARKET, tokens(1000), ZERO));
        ok(lending.collateral(LendingInstructions.SUPPLY_COLLATERAL, BORROWER, MARKET, tokens(1000)));
        ok(lending.amounts(LendingInstructions.BORROW, BORROWER, MARKET, tokens(800), ZERO));
        final BigInteger price = WAD.divide(BigInteger.TWO);
        ok(lending.price(ORACLE, MARKET, price));
        final BigInteger shares = lending.position(MARKET, BORROWER, LendingPositionDescriptor.BORROW_SHARES_OFFSET);
        final Outcome l = lending.liquidate(LIQUIDATOR, MARKET, BORROWER, ZERO, shares);
        ok(l);
        // all 1000 collateral (worth 500) is seized; the liquidator pays ceil(1000e18 * 0.5e18 / 1.05e18)
        final BigInteger repaid = LendingFixture.ceilDiv(tokens(1000).multiply(price), WAD.add(BigInteger.valueOf(BONUS)));
        final DefiHarness.Event e = l.event(LendingInstructions.EVENT_LIQUIDATE);
        assertEquals(repaid, e.amount0());
        assertEquals(tokens(1000), e.amount1());
        final DefiHarness.Event bad = l.event(LendingInstructions.EVENT_BAD_DEBT);
        assertNotNull(bad);
        assertEquals(ZERO, lending.position(MARKET, BORROWER, LendingPositionDescriptor.BORROW_SHARES_OFFSET));
        assertEquals(ZERO, lending.position(MARKET, BORROWER, LendingPositionDescriptor.COLLATERAL_OFFSET));
        assertEquals(ZERO, total(LendingMarketDescriptor.TOTAL_BORROW_ASSETS_OFFSET));
        assertEquals(ZERO, total(LendingMarketDescriptor.TOTAL_BORROW_SHARES_OFFSET));
        assertEquals(tokens(800).subtract(repaid), bad.amount0(), "the unpaid rest is written off");
        assertEquals(tokens(1000).subtract(bad.amount0()), total(LendingMarketDescriptor.TOTAL_SUPPLY_ASSETS_OFFSET));
        assertEquals(total(LendingMarketDescriptor.TOTAL_SUPPLY_ASSETS_OFFSET), chain.balance(LOAN, MARKET),
                "idle liquidity = supply - borrow");
        assertEquals(tokens(1000), chain.balance(COLL, LIQUIDATOR));
    }
}
