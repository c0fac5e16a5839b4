package io.multilane.exec.program.lending;

/**
 * Instructions of the lending program ({@code ProgramIds.LENDING}), their argument layouts
 * (offsets inside the argument block, little-endian, u128 as lo then hi), market parameter bounds
 * and event types. See {@code docs/programs-defi.md}. Constants only; any thread.
 */
public final class LendingInstructions {
    /** Create an isolated market; the market id is also its account id. */
    public static final int CREATE_MARKET = 1;
    public static final int CREATE_MARKET_ID = 0;
    public static final int CREATE_LOAN_TOKEN = 8;
    public static final int CREATE_COLLATERAL_TOKEN = 16;
    public static final int CREATE_ORACLE = 24;
    /** u64 liquidation LTV, WAD, in (0, WAD). */
    public static final int CREATE_LLTV = 32;
    /** u64 liquidation bonus, WAD, at most {@link #MAX_LIQUIDATION_BONUS}. */
    public static final int CREATE_BONUS = 40;
    /** u64 base interest rate per block, WAD, at most {@link #MAX_RATE_PER_BLOCK}. */
    public static final int CREATE_BASE_RATE = 48;
    /** u64 slope per block (times utilization), WAD, at most {@link #MAX_RATE_PER_BLOCK}. */
    public static final int CREATE_SLOPE = 56;
    public static final int CREATE_LENGTH = 64;

    /** Oracle price update by the market's oracle authority (loan units per collateral unit, WAD, &gt; 0). */
    public static final int SET_PRICE = 2;
    public static final int PRICE_MARKET = 0;
    public static final int PRICE_VALUE = 8;
    public static final int PRICE_LENGTH = 24;

    /** Supply loan tokens for supply shares; exactly one of assets / shares is non-zero. */
    public static final int SUPPLY = 3;
    /** Burn supply shares for loan tokens; exactly one of assets / shares is non-zero. */
    public static final int WITHDRAW = 4;
    /** Borrow loan tokens against collateral; exactly one of assets / shares is non-zero. */
    public static final int BORROW = 7;
    /** Repay borrowed loan tokens; exactly one of assets / shares is non-zero. */
    public static final int REPAY = 8;
    /** Layout shared by supply, withdraw, borrow and repay. */
    public static final int AMOUNT_MARKET = 0;
    public static final int AMOUNT_ASSETS = 8;
    public static final int AMOUNT_SHARES = 24;
    public static final int AMOUNT_LENGTH = 40;

    /** Deposit collateral tokens into the sender's position. */
    public static final int SUPPLY_COLLATERAL = 5;
    /** Take collateral back; the position must stay healthy. */
    public static final int WITHDRAW_COLLATERAL = 6;
    public static final int COLLATERAL_MARKET = 0;
    public static final int COLLATERAL_AMOUNT = 8;
    public static final int COLLATERAL_LENGTH = 24;

    /** Repay an unhealthy borrower's debt for its collateral plus the bonus; exactly one of assets / shares is non-zero. */
    public static final int LIQUIDATE = 9;
    public static final int LIQUIDATE_MARKET = 0;
    public static final int LIQUIDATE_BORROWER = 8;
    public static final int LIQUIDATE_ASSETS = 16;
    public static final int LIQUIDATE_SHARES = 32;
    public static final int LIQUIDATE_LENGTH = 48;

    /** Upper bound of the base rate and of the slope: 1% per block. */
    public static final long MAX_RATE_PER_BLOCK = WadMath.WAD / 100;
    /** Upper bound of the liquidation bonus: 100%. */
    public static final long MAX_LIQUIDATION_BONUS = WadMath.WAD;
    /** Cap of the compounding exponent rate x blocks in one accrual step (WAD): 100. */
    public static final long MAX_EXPONENT_WADS = 100;

    /** Event: market created; a = market, b = loan token, c = collateral token. */
    public static final int EVENT_MARKET_CREATED = 1;
    /** Event: price set; a = market, b = oracle, amount0 = price. */
    public static final int EVENT_PRICE = 2;
    /** Event: interest accrued; a = market, b = blocks elapsed, amount0 = interest. */
    public static final int EVENT_ACCRUE = 3;
    /** Event: supply; a = market, b = user, amount0 = assets, amount1 = shares. */
    public static final int EVENT_SUPPLY = 4;
    /** Event: withdraw; a = market, b = user, amount0 = assets, amount1 = shares. */
    public static final int EVENT_WITHDRAW = 5;
    /** Event: collateral supplied; a = market, b = user, amount0 = amount. */
    public static final int EVENT_SUPPLY_COLLATERAL = 6;
    /** Event: collateral withdrawn; a = market, b = user, amount0 = amount. */
    public static final int EVENT_WITHDRAW_COLLATERAL = 7;
    /** Event: borrow; a = market, b = user, amount0 = assets, amount1 = shares. */
    public static final int EVENT_BORROW = 8;
    /** Event: repay; a = market, b = user, amount0 = assets, amount1 = shares. */
    public static final int EVENT_REPAY = 9;
    /** Event: liquidation; a = market, b = borrower, c = liquidator, amount0 = repaid assets, amount1 = seized collateral. */
    public static final int EVENT_LIQUIDATE = 10;
    /** Event: bad debt realized; a = market, b = borrower, amount0 = assets, amount1 = shares. */
    public static final int EVENT_BAD_DEBT = 11;

    private LendingInstructions() {
    }
}
