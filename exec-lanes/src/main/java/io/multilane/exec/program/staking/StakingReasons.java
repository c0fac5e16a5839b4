package io.multilane.exec.program.staking;

import io.multilane.exec.receipt.ReasonCodes;

/**
 * Failure reasons of the staking program, in its reserved range 300..399 (common reasons such as
 * {@code NOT_FOUND}, {@code INSUFFICIENT_BALANCE} and {@code INVALID_ARGUMENT} come from
 * {@link ReasonCodes}). Constants only; any thread.
 */
public final class StakingReasons {
    /** Unstaking more than the position has staked. */
    public static final int INSUFFICIENT_STAKE = ReasonCodes.STAKING_BASE;
    /** Claiming with no rewards owed. */
    public static final int NOTHING_TO_CLAIM = ReasonCodes.STAKING_BASE + 1;

    private StakingReasons() {
    }

    /**
     * A stable lower-case name for reports.
     *
     * @param reason a reason code
     * @return its name, or {@link ReasonCodes#name} for codes outside this program's range
     */
    public static String name(final int reason) {
        switch (reason) {
            case INSUFFICIENT_STAKE: return "insufficient_stake";
            case NOTHING_TO_CLAIM: return "nothing_to_claim";
            default: return ReasonCodes.name(reason);
        }
    }
}
