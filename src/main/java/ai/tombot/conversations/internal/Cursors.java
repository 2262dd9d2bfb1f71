package ai.tombot.conversations.internal;

import ai.tombot.platform.ApiProblem;

/** Page cursors: the sequence number of the last item shown, as an opaque string. */
final class Cursors {

	private Cursors() {
	}

	static String of(long seq) {
		return "c" + Long.toString(seq, 36);
	}

	/** @return null for no cursor @throws ApiProblem 400 for one this server did not make */
	static Long parse(String cursor) {
		if (cursor == null || cursor.isEmpty()) {
			return null;
		}
		try {
			if (cursor.charAt(0) != 'c' || cursor.length() > 14) {
				throw new NumberFormatException();
			}
			return Long.parseLong(cursor.substring(1), 36);
		}
		catch (NumberFormatException ex) {
			throw ApiProblem.invalid("cursor", "is not a cursor this API gave");
		}
	}

}
