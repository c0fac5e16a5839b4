package io.multilane.exec.program;

import io.multilane.exec.program.lending.LendingReasons;
import io.multilane.exec.program.staking.StakingReasons;
import io.multilane.exec.program.wasm.WasmReasons;
import io.multilane.exec.receipt.ReasonCodes;

/**
 * Names of every reason code the standard programs use, for reports: the core's codes from
 * {@link ReasonCodes}, the lending, staking and WebAssembly ranges from their programs. Stateless; any thread;
 * not for the hot path (it returns strings).
 */
public final class ReasonNames {
    private ReasonNames() {
    }

    /**
     * @param reason a receipt's reason code
     * @return its stable lower-case name ({@code "code-N"} for unknown codes)
     */
    public static String of(final int reason) {
        if (reason >= ReasonCodes.WASM_BASE) {
            return WasmReasons.name(reason);
        }
        if (reason >= ReasonCodes.STAKING_BASE) {
            return StakingReasons.name(reason);
        }
        return reason >= ReasonCodes.LENDING_BASE ? LendingReasons.name(reason) : ReasonCodes.name(reason);
    }
}
