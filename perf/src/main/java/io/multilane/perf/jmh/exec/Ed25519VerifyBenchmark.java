package io.multilane.perf.jmh.exec;

import java.util.concurrent.TimeUnit;

import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.sig.Ed25519Keys;
import io.multilane.exec.sig.TxSigner;
import io.multilane.exec.sig.TxVerifier;
import io.multilane.exec.tx.TxEncoder;
import io.multilane.exec.tx.TxFlyweight;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ed25519 verifications per second on one core with BouncyCastle ({@link TxVerifier}: framing, the
 * signed payload (chain id and transaction bytes), RFC 8032 verify) over a 152-byte coin-transfer
 * transaction. The key's binding to the sender account is a 32-byte compare in the envelope (state),
 * no longer a SHA-256 here.
 * JMH runs it on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ed25519VerifyBenchmark {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final TxFlyweight tx = new TxFlyweight();
    private final TxVerifier verifier = new TxVerifier();

    @Setup
    public void setUp() {
        final Ed25519Keys keys = Ed25519Keys.ofIndex(1);
        final long sender = 1000;
        final TxEncoder enc = new InstructionEncoder().begin(buffer, 0, sender, 0, 1).coinTransfer(7, 0, 100);
        new TxSigner().sign(keys, buffer, 0);
        tx.wrap(buffer, 0, enc.length());
        if (verifier.verify(tx) != 0) {
            throw new IllegalStateException("signature does not verify");
        }
    }

    @Benchmark
    public int verify() {
        return verifier.verify(tx);
    }
}
