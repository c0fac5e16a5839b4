package io.multilane.pipeline;

import static java.math.BigInteger.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.function.Consumer;

import io.multilane.exec.program.accounts.AccountsInstructions;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.sig.Ed25519Keys;
import io.multilane.pipeline.HostileChain.Receipts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, attacks 1 and 3, each on the verifying serial executor and the engine with 2 and 4 lanes (same final
 * state everywhere, coins conserved). Replay: a copied transaction, in a later block or the same one, and one
 * signed for another chain, are rejected without charging a fee or bumping the nonce, so the victim's next real
 * transaction still goes through. Keys: an account is bound to its full public key, so a key that is not the
 * account's (ground to match a short id, or simply another user's) cannot send for it, and an account that exists
 * only because someone credited its id has no key at all; a transfer to a key creates that key's account under an
 * id the chain assigns.
 */
class ReplayAndKeyAttackTest {
    private static final Ed25519Keys ALICE = Ed25519Keys.ofIndex(301);
    private static final Ed25519Keys BOB = Ed25519Keys.ofIndex(302);
    private static final Ed25519Keys MALLORY = Ed25519Keys.ofIndex(303);
    private static final Ed25519Keys CAROL = Ed25519Keys.ofIndex(304);
    private static final long A = 100;
    private static final long B = 101;
    private static final long M = 102;
    private static final long COINS = 1_000_000;
    private static final long FEE = HostileChain.FEE;
    private static final int COPIES = 1000;

    @TempDir
    Path dir;

    private void onEveryRunner(final Consumer<HostileChain> attack) {
        HostileChain.onEveryRunner(dir, g -> g.account(A, COINS, ALICE).account(B, COINS, BOB).account(M, COINS, MALLORY),
                attack, valueOf(3 * COINS));
    }

    @Test
    void copiesOfAnOldTransactionInALaterBlockChangeNothing() {
        onEveryRunner(c -> {
            c.tx(ALICE, ix -> ix.coinTransfer(B, 0, 10));
            final byte[] signed = c.lastTx();
            c.block().assertOutcome(0, TxStatus.SUCCESS, ReasonCodes.NONE, "the original");
            for (int i = 0; i < COPIES; i++) {
                c.raw(signed);
            }
            c.tx(ALICE, ix -> ix.coinTransfer(B, 0, 20));
            final Receipts r = c.block();
            for (int i = 0; i < COPIES; i++) {
                r.assertOutcome(i, TxStatus.REJECTED, ReasonCodes.BAD_NONCE, c.runner() + ": a replayed copy");
                assertEquals(0, r.fee[i], "a replayed copy pays no fee");
            }
            r.assertOutcome(COPIES, TxStatus.SUCCESS, ReasonCodes.NONE, c.runner() + ": Alice's next real transaction");
            assertEquals(2, c.nonce(A), c.runner() + ": only the two real transactions bumped the nonce");
            assertEquals(valueOf(COINS - 30 - 2 * FEE), c.coin(A), c.runner() + ": Alice paid two fees, not 1002");
            assertEquals(valueOf(COINS + 30), c.coin(B));
        });
    }

    @Test
    void aDuplicateWithinTheBlockIsRejected() {
        onEveryRunner(c -> {
            c.tx(ALICE, ix -> ix.coinTransfer(B, 0, 10));
            c.raw(c.lastTx()).raw(c.lastTx());
            final Receipts r = c.block();
            r.assertOutcome(0, TxStatus.SUCCESS, ReasonCodes.NONE, "the first");
            r.assertOutcome(1, TxStatus.REJECTED, ReasonCodes.BAD_NONCE, c.runner() + ": a copy in the same block");
            r.assertOutcome(2, TxStatus.REJECTED, ReasonCodes.BAD_NONCE, c.runner() + ": another copy");
            assertEquals(valueOf(COINS - 10 - FEE), c.coin(A));
            assertEquals(1, c.nonce(A));
        });
    }

    @Test
    void aTransactionSignedForAnotherChainIsRejected() {
        onEveryRunner(c -> {
            c.signFor(2).tx(ALICE, ix -> ix.coinTransfer(B, 0, 10));
            c.signFor(io.multilane.exec.sig.SignedPayload.DEFAULT_CHAIN_ID).tx(ALICE, ix -> ix.coinTransfer(B, 0, 10));
            final Receipts r = c.block();
            r.assertOutcome(0, TxStatus.REJECTED, ReasonCodes.BAD_SIGNATURE, c.runner() + ": signed for chain 2");
            r.assertOutcome(1, TxStatus.REJECTED, ReasonCodes.BAD_NONCE,
                    c.runner() + ": its nonce was not used, so the next one is ahead");
            assertEquals(valueOf(COINS), c.coin(A));
            assertEquals(0, c.nonce(A));
        });
    }

    /**
     * Attack 3: with ids derived from 64 bits of SHA-256(key), a key for some funded account cost ~2^64 / N tries.
     * Now the account holds its whole key: Mallory's own valid signature, naming Alice's account (as if her key had
     * been ground to Alice's id), is rejected; so is any key for an account that only a credit created (no key).
     */
    @Test
    void aKeyThatIsNotTheAccountsCannotSpendIt() {
        onEveryRunner(c -> {
            c.tx(MALLORY, ix -> ix.coinTransfer(777, 0, 1));
            c.txAs(MALLORY, A, ix -> ix.coinTransfer(M, 0, COINS / 2));
            c.txAs(MALLORY, 777, ix -> ix.coinTransfer(M, 0, 1));
            c.txAs(ALICE, B, ix -> ix.coinTransfer(A, 0, 1));
            final Receipts r = c.block();
            r.assertOutcome(0, TxStatus.SUCCESS, ReasonCodes.NONE, "a credit creates account 777, without a key");
            r.assertOutcome(1, TxStatus.REJECTED, ReasonCodes.SENDER_KEY_MISMATCH, c.runner() + ": Mallory as Alice");
            r.assertOutcome(2, TxStatus.REJECTED, ReasonCodes.SENDER_KEY_MISMATCH, c.runner() + ": anyone as a keyless account");
            r.assertOutcome(3, TxStatus.REJECTED, ReasonCodes.SENDER_KEY_MISMATCH, c.runner() + ": Alice as Bob");
            assertEquals(valueOf(COINS), c.coin(A));
            assertEquals(valueOf(COINS), c.coin(B));
            assertEquals(0, c.nonce(A));
            assertEquals(valueOf(1), c.coin(777));
        });
    }

    @Test
    void aTransferToAKeyCreatesItsAccountUnderAChainAssignedIdBoundToThatKey() {
        onEveryRunner(c -> {
            final byte[] carol = CAROL.publicKey();
            c.tx(ALICE, ix -> ix.transferToKey(carol, 0, 500));
            c.tx(BOB, ix -> ix.transferToKey(carol, 0, 250));
            final Receipts created = c.block();
            created.assertOutcome(0, TxStatus.SUCCESS, ReasonCodes.NONE, c.runner() + ": creates Carol's account");
            created.assertOutcome(1, TxStatus.SUCCESS, ReasonCodes.NONE, c.runner() + ": pays the same account");
            final long carolId = AccountsInstructions.ASSIGNED_IDS;
            assertEquals(valueOf(750), c.coin(carolId), c.runner() + ": the first chain-assigned id");
            c.bind(CAROL, carolId);
            c.tx(CAROL, ix -> ix.coinTransfer(A, 0, 100));
            c.txAs(MALLORY, carolId, ix -> ix.coinTransfer(M, 0, 100));
            c.tx(MALLORY, ix -> ix.createAccount(AccountsInstructions.ASSIGNED_IDS | 1, 0, 1));
            c.tx(MALLORY, ix -> ix.createPool(AccountsInstructions.ASSIGNED_IDS | 1, 1, 2, 3));
            final Receipts r = c.block();
            r.assertOutcome(0, TxStatus.SUCCESS, ReasonCodes.NONE, c.runner() + ": Carol's key sends from her account");
            r.assertOutcome(1, TxStatus.REJECTED, ReasonCodes.SENDER_KEY_MISMATCH, c.runner() + ": Mallory as Carol");
            r.assertOutcome(2, TxStatus.FAILED, ReasonCodes.INVALID_ARGUMENT, c.runner() + ": no one creates an id the chain"
                    + " will assign");
            r.assertOutcome(3, TxStatus.FAILED, ReasonCodes.INVALID_ARGUMENT, c.runner() + ": not even as a pool");
            assertEquals(valueOf(750 - 100 - FEE), c.coin(carolId));
            assertEquals(BigInteger.ZERO, c.coin(AccountsInstructions.ASSIGNED_IDS | 1));
        });
    }
}
