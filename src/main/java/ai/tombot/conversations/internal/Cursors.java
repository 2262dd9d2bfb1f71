package ai.tombot.conversations.internal;

import java.util.UUID;

import ai.tombot.platform.ApiProblem;

/**
 * Page cursors: the id of the last item shown, a random UUID. Not its sequence number, which
 * counts every tenant's messages or conversations in the region: two cursors an hour apart
 * would tell a tenant how much all the others stored in that hour. The reads look the item up
 * within what is paged (a message within its conversation, a conversation within its tenant),
 * so a cursor of another conversation or tenant is refused.
 */
final class Cursors {

	private Cursors() {
	}

	static String of(UUID id) {
		return id.toString();
	}

	/** @return null for no cursor @throws ApiProblem 400 for one this server did not make */
	static UUID parse(String cursor) {
		if (cursor == null || cursor.isEmpty()) {
			return null;
		}
		try {
			if (cursor.length() != 36) {
				throw new IllegalArgumentException(); // UUID.fromString also takes shortened forms
			}
			return UUID.fromString(cursor);
		}
		catch (IllegalArgumentException ex) {
			throw ApiProblem.invalid("cursor", "is not a cursor this API gave");
		}
	}

	/** The refusal of a cursor that names nothing in the list being paged. */
	static ApiProblem foreign() {
		return ApiProblem.invalid("cursor", "is not a cursor of this list, or its item was deleted since");
	}

}
