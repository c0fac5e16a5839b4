package io.multilane.exec.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps 20-byte hex addresses (lower-case {@code 0x...}) of a mainnet workload to 64-bit ids,
 * deterministically: in order of first appearance (genesis rows, then ops rows, field by field),
 * starting at {@link #FIRST_ID}. Accounts, pairs and tokens share the map, so a pair's id is
 * also its account id. Ids below {@code FIRST_ID} stay free for system accounts (0 burn,
 * 1 fee collector). Loader-side, single thread, allocates freely (not a hot path).
 */
public final class AddressBook {
    /** The first id handed out. */
    public static final long FIRST_ID = 16;

    private final Map<String, Long> ids = new HashMap<>();
    private final List<String> addresses = new ArrayList<>();

    /**
     * Returns the id of an address, assigning the next one on first sight.
     *
     * @param address {@code 0x} + 40 lower-case hex digits
     * @return its id
     * @throws IllegalArgumentException if the address is not of that form
     */
    public long id(final String address) {
        final Long known = ids.get(address);
        if (known != null) {
            return known;
        }
        if (!isAddress(address)) {
            throw new IllegalArgumentException("not a lower-case hex address: '" + address + "'");
        }
        final long id = FIRST_ID + addresses.size();
        ids.put(address, id);
        addresses.add(address);
        return id;
    }

    /**
     * @param id an id this book handed out
     * @return its address
     * @throws IllegalArgumentException for ids it never handed out
     */
    public String address(final long id) {
        final long index = id - FIRST_ID;
        if (index < 0 || index >= addresses.size()) {
            throw new IllegalArgumentException("unknown id " + id);
        }
        return addresses.get((int) index);
    }

    /** @return how many addresses are mapped */
    public int size() {
        return addresses.size();
    }

    /** @return one past the largest id handed out */
    public long idLimit() {
        return FIRST_ID + addresses.size();
    }

    private static boolean isAddress(final String s) {
        if (s.length() != 42 || s.charAt(0) != '0' || s.charAt(1) != 'x') {
            return false;
        }
        for (int i = 2; i < 42; i++) {
            final char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
