package io.multilane.exec.program.lending;

import io.multilane.exec.receipt.ReasonCodes;

/**
 * Failure reasons of the lending program, in its reserved range 200..299 (common reasons such as
 * {@code NOT_FOUND}, {@code INSUFFICIENT_BALANCE}, {@code INSUFFICIENT_LIQUIDITY} and
 * {@code INVALID_ARGUMENT} come from {@link ReasonCodes}). Constants only; any thread.
 */
public final class LendingReasons {
    /** A borrow or collateral withdrawal would leave the position unhealthy. */
    public static final int UNHEALTHY_POSITION = ReasonCodes.LENDING_BASE;
    /** Liquidation of a position that is healthy at the current price. */
    public static final int HEALTHY_POSITION = ReasonCodes.LENDING_BASE + 1;
    /** Withdrawing more collateral than the position holds. */
    public static final int INSUFFICIENT_COLLATERAL = ReasonCodes.LENDING_BASE + 2;
    /** Withdrawing more supply shares than the position holds. */
    public static final int INSUFFICIENT_SUPPLY_SHARES = ReasonCodes.LENDING_BASE + 3;
    /** Repaying (or liquidating) more borrow shares than the position owes. */
    public static final int REPAY_EXCEEDS_DEBT = ReasonCodes.LENDING_BASE + 4;
    /** Market parameters out of range at creation (LLTV, bonus, rates). */
    public static final int INVALID_MARKET_PARAMS = ReasonCodes.LENDING_BASE + 5;

    private LendingReasons() {
    }

    /**
     * A stable lower-case name for reports.
     *
     * @param reason a reason code
     * @return its name, or {@link ReasonCodes#name} for codes outside this program's range
     */
    public static String name(final int reason) {
        switch (reason) {
            case UNHEALTHY_POSITION: return "unhealthy_position";
            case HEALTHY_POSITION: return "healthy_position";
            case INSUFFICIENT_COLLATERAL: return "insufficient_collateral";
            case INSUFFICIENT_SUPPLY_SHARES: return "insufficient_supply_shares";
            case REPAY_EXCEEDS_DEBT: return "repay_exceeds_debt";
            case INVALID_MARKET_PARAMS: return "invalid_market_params";
            default: return ReasonCodes.name(reason);
        }
    }
}
