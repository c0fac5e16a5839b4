package io.multilane.exec.program;

/**
 * Program instances by id, for one executing thread (programs hold scratch state). Build it at
 * start-up with {@link #register}; lookups ({@link #get}) are array reads. One registry per
 * executing thread; {@link StandardPrograms#newRegistry()} builds the standard set.
 */
public final class ProgramRegistry {
    private final Program[] programs = new Program[ProgramIds.MAX_PROGRAMS];

    /**
     * Adds a program.
     *
     * @param program the program
     * @return this
     * @throws IllegalArgumentException if its id is out of range or taken
     */
    public ProgramRegistry register(final Program program) {
        final int id = program.id();
        if (id <= 0 || id >= programs.length) {
            throw new IllegalArgumentException("program id out of range: " + id);
        }
        if (programs[id] != null) {
            throw new IllegalArgumentException("program id already registered: " + id);
        }
        programs[id] = program;
        return this;
    }

    /**
     * @param id program id from a transaction (any value)
     * @return the program, or null if none has that id
     */
    public Program get(final int id) {
        return id > 0 && id < programs.length ? programs[id] : null;
    }
}
