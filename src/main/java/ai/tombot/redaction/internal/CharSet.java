package ai.tombot.redaction.internal;

import java.util.function.IntPredicate;

/**
 * A set of characters, such as a detector's separators: in the Latin-1 range (nearly all text)
 * read from a table, without the branches of a {@code switch} over its members, and above it
 * from the predicate that defines the set (the table is filled from it, so both agree).
 */
final class CharSet {

	private final boolean[] latin1 = new boolean[256];

	private final IntPredicate members;

	CharSet(IntPredicate members) {
		this.members = members;
		for (char c = 0; c < this.latin1.length; c++) {
			this.latin1[c] = members.test(c);
		}
	}

	boolean contains(char c) {
		return c < this.latin1.length ? this.latin1[c] : this.members.test(c);
	}

}
