package io.multilane.exec.program.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.testing.TestChain;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.ContractDescriptor;

/**
 * Test helper: loads the sample and hostile modules, deploys them on a {@link TestChain} (create,
 * uploads, deploy, one sealed block each) and appends calls. Test thread only.
 */
final class Contracts {
    static final long GAS = 100_000;
    static final long FEE = 10;

    private Contracts() {
    }

    /** @return a sample contract's bytes ({@code counter}, {@code token}, {@code amm}) */
    static byte[] sample(final String name) {
        return resource("/io/multilane/exec/program/wasm/samples/" + name + ".wasm");
    }

    /** @return a hostile test module's bytes */
    static byte[] hostile(final String name) {
        return resource("/io/multilane/exec/program/wasm/hostile/" + name + ".wasm");
    }

    private static byte[] resource(final String path) {
        try (InputStream in = Contracts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends create (and seals it); @return the id the chain assigned. */
    static long create(final TestChain chain, final long owner, final byte[] module) {
        chain.send(owner, FEE, e -> e.createContract(module.length, ContractTxs.sha256(module)));
        assertSuccess(chain.sealOk(), 0, "create");
        return chain.u64(KeyType.CONTRACT, ContractDescriptor.COUNTER_ID, 0, 0, ContractDescriptor.LAST_ID_OFFSET);
    }

    /** Appends every upload of a module to the open block. */
    static void upload(final TestChain chain, final long owner, final long contract, final byte[] module) {
        for (int u = 0; u < ContractTxs.uploads(module); u++) {
            final int first = u * WasmInstructions.UPLOAD_MAX_CHUNKS;
            final int count = ContractTxs.uploadChunks(module, u);
            chain.send(owner, FEE, e -> e.uploadCode(contract, module, first, count));
        }
    }

    /** Appends a deploy to the open block. */
    static void deployTx(final TestChain chain, final long owner, final long contract) {
        chain.send(owner, FEE, e -> e.deployContract(contract));
    }

    /** Creates, uploads and deploys; every transaction must succeed. @return the contract id */
    static long deploy(final TestChain chain, final long owner, final byte[] module) {
        final long id = create(chain, owner, module);
        upload(chain, owner, id, module);
        deployTx(chain, owner, id);
        final ReceiptLog r = chain.sealOk();
        for (int i = 0; i < r.count(); i++) {
            assertSuccess(r, i, "deploy step " + i);
        }
        return id;
    }

    /** Creates and uploads, then deploys: @return the deploy's receipt reason (0 when deployed) */
    static int tryDeploy(final TestChain chain, final long owner, final byte[] module) {
        final long id = create(chain, owner, module);
        upload(chain, owner, id, module);
        deployTx(chain, owner, id);
        final ReceiptLog r = chain.sealOk();
        return r.reason(r.count() - 1);
    }

    /** Gas, fee and up to two deposits of a call (token 0 = none). */
    record Opts(long gas, long fee, long token0, long amount0, long token1, long amount1) {
        static final Opts DEFAULT = new Opts(GAS, FEE, 0, 0, 0, 0);

        Opts gas(final long g, final long f) {
            return new Opts(g, f, token0, amount0, token1, amount1);
        }

        Opts deposit(final long token, final long amount) {
            return new Opts(gas, fee, token, amount, token1, amount1);
        }

        Opts deposits(final long t0, final long a0, final long t1, final long a1) {
            return new Opts(gas, fee, t0, a0, t1, a1);
        }
    }

    /** Appends a call without deposits. */
    static void call(final TestChain chain, final long sender, final long contract, final String function, final long... args) {
        callWith(chain, sender, contract, Opts.DEFAULT, function, args);
    }

    /** Appends a call with gas, fee and deposits. */
    static void callWith(final TestChain chain, final long sender, final long contract, final Opts o, final String function,
            final long... args) {
        chain.send(sender, o.fee(), e -> {
            e.callContract(contract, o.gas(), ContractTxs.nameLo(function), ContractTxs.nameHi(function), args.length);
            e.contractDeposit(0, o.token0(), 0, o.amount0());
            e.contractDeposit(1, o.token1(), 0, o.amount1());
            for (int i = 0; i < args.length; i++) {
                e.contractArg(i, args[i]);
            }
        });
    }

    static void assertSuccess(final ReceiptLog r, final int i, final String what) {
        assertEquals(TxStatus.SUCCESS, r.status(i), what + ": " + WasmReasons.name(r.reason(i)));
        assertEquals(ReasonCodes.NONE, r.reason(i), what);
    }

    static void assertFailed(final ReceiptLog r, final int i, final int reason, final String what) {
        assertEquals(WasmReasons.name(reason), WasmReasons.name(r.reason(i)), what);
        assertEquals(TxStatus.FAILED, r.status(i), what);
    }
}
