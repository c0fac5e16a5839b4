package io.multilane.exec.replay;

import io.multilane.state.StateReader;
import io.multilane.state.StateStore;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountDescriptor;
import io.multilane.state.record.AmmPoolDescriptor;
import io.multilane.state.record.TokenBalanceDescriptor;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes a replayed state in the format of a workload's {@code expected_final.csv}: header
 * {@code kind,address,token,amount}; coin rows sorted by address, token rows by (token, holder),
 * reserve rows by (pair, token); zero balances omitted, both reserve rows of every pool always
 * present. Ids map back to addresses through the workload's {@link AddressBook}. Setup/report
 * code, single thread, allocates freely.
 */
public final class StateDump {
    /** The header line of the dump. */
    public static final String HEADER = "kind,address,token,amount";

    private StateDump() {
    }

    /**
     * Dumps the store.
     *
     * @param store the store (no block open)
     * @param addresses the workload's address book
     * @param out destination; each row ends with {@code \n}
     * @throws IOException if writing fails
     * @throws IllegalStateException if the store holds a record this format cannot express
     */
    public static void write(final StateStore store, final AddressBook addresses, final Writer out) throws IOException {
        final List<String[]> coins = new ArrayList<>();
        final List<String[]> tokens = new ArrayList<>();
        final List<String[]> reserves = new ArrayList<>();
        final U128 amount = new U128();
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
        store.scan((key, keyOffset, value, valueOffset, length) -> {
            copy.putBytes(0, value, valueOffset, length);
            final KeyType type = StateKeys.type(key, keyOffset);
            final long id1 = StateKeys.id1(key, keyOffset);
            final long id2 = StateKeys.id2(key, keyOffset);
            if (type == KeyType.ACCOUNT) {
                amount.read(copy, AccountDescriptor.BALANCE_OFFSET);
                if (!amount.isZero()) {
                    coins.add(new String[] {"coin", addresses.address(id1), "", amount.toString()});
                }
            } else if (type == KeyType.TOKEN_BALANCE) {
                amount.read(copy, TokenBalanceDescriptor.BALANCE_OFFSET);
                if (!amount.isZero()) {
                    tokens.add(new String[] {"token", addresses.address(id2), addresses.address(id1), amount.toString()});
                }
            } else if (type == KeyType.AMM_POOL) {
                final String pair = addresses.address(id1);
                final long token0 = copy.getLong(AmmPoolDescriptor.TOKEN0_OFFSET, ByteOrder.LITTLE_ENDIAN);
                final long token1 = copy.getLong(AmmPoolDescriptor.TOKEN1_OFFSET, ByteOrder.LITTLE_ENDIAN);
                reserves.add(new String[] {"reserve", pair, addresses.address(token0),
                    amount.read(copy, AmmPoolDescriptor.RESERVE0_OFFSET).toString()});
                reserves.add(new String[] {"reserve", pair, addresses.address(token1),
                    amount.read(copy, AmmPoolDescriptor.RESERVE1_OFFSET).toString()});
            } else if (type != KeyType.TOKEN) {
                throw new IllegalStateException("record type " + type + " has no row in the dump format");
            }
        });
        coins.sort(Comparator.comparing((String[] r) -> r[1]));
        tokens.sort(Comparator.comparing((String[] r) -> r[2]).thenComparing(r -> r[1]));
        reserves.sort(Comparator.comparing((String[] r) -> r[1]).thenComparing(r -> r[2]));
        out.write(HEADER);
        out.write('\n');
        for (List<String[]> rows : List.of(coins, tokens, reserves)) {
            for (String[] r : rows) {
                out.write(String.join(",", r));
                out.write('\n');
            }
        }
    }

    /**
     * Reads the balance of one account (for tests and reports).
     *
     * @param reader state
     * @param account account id
     * @return its coin balance
     */
    public static U128 coinBalance(final StateReader reader, final long account) {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
        StateKeys.encode(key, 0, KeyType.ACCOUNT, account, 0, 0);
        final U128 out = new U128();
        return reader.read(key, 0, value, 0) < 0 ? out : out.read(value, AccountDescriptor.BALANCE_OFFSET);
    }
}
