package ai.tombot.conversations.internal;

import ai.tombot.audit.AuditActor;
import ai.tombot.identity.ApiKeyCaller;
import ai.tombot.identity.Caller;

/** The audit trail's actor for a caller. */
final class Actors {

	private Actors() {
	}

	static AuditActor of(Caller caller) {
		return caller instanceof ApiKeyCaller ? AuditActor.apiKey(caller.id()) : AuditActor.user(caller.id());
	}

}
