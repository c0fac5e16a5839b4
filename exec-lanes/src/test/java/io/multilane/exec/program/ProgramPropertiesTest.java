package io.multilane.exec.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.testing.ProgramOps;
import io.multilane.exec.testing.TestChain;
import io.multilane.state.DirectoryTree;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountDescriptor;
import io.multilane.state.record.AmmPoolDescriptor;
import io.multilane.state.record.TokenDescriptor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Invariants of the native programs over random operation sequences (state carries over between
 * tries of one property, so later tries start from richer states). jqwik prints the seed.
 */
class ProgramPropertiesTest {
    private Path dir;
    private TestChain chain;

    @BeforeProperty
    void open() throws IOException {
        dir = Files.createTempDirectory("exec-props");
        chain = new TestChain(dir);
        ProgramOps.seed(chain);
    }

    @AfterProperty
    void close() throws IOException {
        chain.close();
        DirectoryTree.delete(dir);
    }

    @Provide
    Arbitrary<List<ProgramOps.Op>> opLists() {
        return ProgramOps.ops().list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 150)
    void everyTokenSupplyEqualsTheSumOfItsBalances(@ForAll("opLists") final List<ProgramOps.Op> ops) {
        for (ProgramOps.Op op : ops) {
            ProgramOps.append(chain, op);
        }
        chain.sealOk();
        final Map<Long, BigInteger> supply = new HashMap<>();
        final Map<Long, BigInteger> sum = new HashMap<>();
        final U128 v = new U128();
        chain.store().scan((k, ko, val, vo, len) -> {
            final KeyType type = StateKeys.type(k, ko);
            if (type == KeyType.TOKEN) {
                supply.put(StateKeys.id1(k, ko), TestChain.toBig(v.read(val, vo + TokenDescriptor.TOTAL_SUPPLY_OFFSET)));
            } else if (type == KeyType.TOKEN_BALANCE) {
                sum.merge(StateKeys.id1(k, ko), TestChain.toBig(v.read(val, vo)), BigInteger::add);
            }
        });
        for (Map.Entry<Long, BigInteger> e : sum.entrySet()) {
            assertEquals(supply.getOrDefault(e.getKey(), BigInteger.ZERO), e.getValue(), "token " + e.getKey());
        }
        for (Map.Entry<Long, BigInteger> e : supply.entrySet()) {
            assertEquals(e.getValue(), sum.getOrDefault(e.getKey(), BigInteger.ZERO), "token " + e.getKey());
        }
    }

    @Property(tries = 60)
    void aSwapNeverDecreasesAnyPoolsReserveProduct(@ForAll("opLists") final List<ProgramOps.Op> ops) {
        for (ProgramOps.Op op : ops) {
            final Map<Long, BigInteger> before = products();
            ProgramOps.append(chain, op);
            final ReceiptLog r = chain.sealOk();
            final Map<Long, BigInteger> after = products();
            if (op.kind() == ProgramOps.Kind.SWAP) {
                for (Map.Entry<Long, BigInteger> e : before.entrySet()) {
                    assertTrue(after.get(e.getKey()).compareTo(e.getValue()) >= 0,
                        "pool " + e.getKey() + " k fell from " + e.getValue() + " to " + after.get(e.getKey())
                            + " (status " + r.status(0) + ")");
                }
            }
        }
    }

    private Map<Long, BigInteger> products() {
        final Map<Long, BigInteger> k = new HashMap<>();
        final U128 v = new U128();
        chain.store().scan((key, ko, val, vo, len) -> {
            if (StateKeys.type(key, ko) == KeyType.AMM_POOL) {
                final BigInteger r0 = TestChain.toBig(v.read(val, vo + AmmPoolDescriptor.RESERVE0_OFFSET));
                final BigInteger r1 = TestChain.toBig(v.read(val, vo + AmmPoolDescriptor.RESERVE1_OFFSET));
                k.put(StateKeys.id1(key, ko), r0.multiply(r1));
            }
        });
        return k;
    }

    @Property(tries = 60)
    void aFailedTransactionChangesOnlyFeeAndNonceAndARejectedOneNothing(@ForAll("opLists") final List<ProgramOps.Op> ops) {
        for (ProgramOps.Op op : ops) {
            final Map<String, String> before = chain.snapshot();
            ProgramOps.append(chain, op);
            final ReceiptLog r = chain.sealOk();
            final int status = r.status(0);
            if (status == TxStatus.SUCCESS) {
                continue;
            }
            final Map<String, String> after = chain.snapshot();
            if (status == TxStatus.REJECTED) {
                chain.resetNonce(op.sender(), chain.nonceOf(op.sender()));
                assertEquals(before, after, "rejected " + ReasonCodes.name(r.reason(0)));
                continue;
            }
            final String senderKey = accountKey(op.sender());
            final String collectorKey = accountKey(TestChain.FEE_COLLECTOR);
            final Map<String, String> changedBefore = new HashMap<>(before);
            final Map<String, String> changedAfter = new HashMap<>(after);
            changedBefore.keySet().removeIf(k -> before.get(k).equals(after.get(k)));
            changedAfter.keySet().removeIf(k -> after.get(k).equals(before.get(k)));
            changedAfter.remove(senderKey);
            changedAfter.remove(collectorKey);
            changedBefore.remove(senderKey);
            changedBefore.remove(collectorKey);
            assertEquals(Map.of(), changedAfter, "failed " + ReasonCodes.name(r.reason(0)) + " wrote other records");
            assertEquals(Map.of(), changedBefore, "failed " + ReasonCodes.name(r.reason(0)) + " deleted other records");
            assertEquals(op.fee(), r.fee(0), () -> "fee of failed " + ReasonCodes.name(r.reason(0)) + " " + op);
            final BigInteger feeCollected = balance(after.get(collectorKey)).subtract(balance(before.get(collectorKey)));
            final BigInteger senderPaid = balance(before.get(senderKey)).subtract(balance(after.get(senderKey)));
            if (op.sender() != TestChain.FEE_COLLECTOR) {
                assertEquals(BigInteger.valueOf(op.fee()), feeCollected);
                assertEquals(BigInteger.valueOf(op.fee()), senderPaid);
            }
            assertEquals(nonce(before.get(senderKey)) + 1, nonce(after.get(senderKey)),
                () -> "nonce after failed " + ReasonCodes.name(r.reason(0)) + " " + op + " before " + before.get(senderKey)
                    + " after " + after.get(senderKey));
        }
    }

    private static String accountKey(final long id) {
        final org.agrona.concurrent.UnsafeBuffer key = new org.agrona.concurrent.UnsafeBuffer(new byte[32]);
        StateKeys.encode(key, 0, KeyType.ACCOUNT, id, 0, 0);
        return StateKeys.appendTo(new StringBuilder(), key, 0).toString();
    }

    private static BigInteger balance(final String hex) {
        if (hex == null) {
            return BigInteger.ZERO;
        }
        final U128 v = new U128().read(bytes(hex), AccountDescriptor.BALANCE_OFFSET);
        return TestChain.toBig(v);
    }

    private static long nonce(final String hex) {
        return hex == null ? 0 : bytes(hex).getLong(AccountDescriptor.NONCE_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    private static org.agrona.concurrent.UnsafeBuffer bytes(final String hex) {
        final byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return new org.agrona.concurrent.UnsafeBuffer(b);
    }
}
