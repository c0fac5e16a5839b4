package io.multilane.exec.program;

import io.multilane.exec.program.accounts.AccountsProgram;
import io.multilane.exec.program.amm.AmmProgram;
import io.multilane.exec.program.lending.LendingProgram;
import io.multilane.exec.program.staking.StakingProgram;
import io.multilane.exec.program.tokens.TokensProgram;
import io.multilane.exec.program.wasm.WasmProgram;

/**
 * The program set every executor runs (serial oracle and lanes alike, so their results agree):
 * one fresh instance of each native program per call. Add a program family here (and only here).
 * Any thread; the returned registry belongs to the caller's thread.
 */
public final class StandardPrograms {
    private StandardPrograms() {
    }

    /** @return a registry with accounts, tokens, AMM, lending, staking and WebAssembly contracts */
    public static ProgramRegistry newRegistry() {
        return new ProgramRegistry()
                .register(new AccountsProgram())
                .register(new TokensProgram())
                .register(new AmmProgram())
                .register(new LendingProgram())
                .register(new StakingProgram())
                .register(new WasmProgram());
    }
}
