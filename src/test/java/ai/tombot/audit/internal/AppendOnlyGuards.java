package ai.tombot.audit.internal;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What someone who owns the audit tables can do: lift the append-only guards of
 * {@code audit_entry} (and of {@code audit_checkpoint} too when asked), change rows in SQL,
 * and put the guards back as the migrations leave them. For tamper tests, on H2 and PostgreSQL.
 */
final class AppendOnlyGuards {

	private static final String TRIGGER_CLASS = "'ai.tombot.audit.internal.AppendOnlyTrigger'";

	private AppendOnlyGuards() {
	}

	/** Runs {@code change} with the guards of {@code audit_segment} lifted. */
	static void liftedSegments(JdbcClient jdbc, boolean postgres, Runnable change) {
		if (postgres) {
			jdbc.sql("alter table audit_segment disable trigger audit_segment_append_only").update();
			jdbc.sql("grant update, delete on audit_segment to current_user").update();
		}
		else {
			jdbc.sql("drop trigger audit_segment_append_only").update();
		}
		try {
			change.run();
		}
		finally {
			if (postgres) {
				// as the migrations leave it: DELETE stays granted, for archived segments
				jdbc.sql("revoke update on audit_segment from current_user").update();
				jdbc.sql("alter table audit_segment enable trigger audit_segment_append_only").update();
			}
			else {
				jdbc.sql("create trigger audit_segment_append_only before update, delete on audit_segment for each row "
						+ "call " + TRIGGER_CLASS).update();
			}
		}
	}

	/** Runs {@code change} with the guards of {@code audit_entry} (and {@code audit_checkpoint}) lifted. */
	static void lifted(JdbcClient jdbc, boolean postgres, boolean checkpointsToo, Runnable change) {
		if (postgres) {
			jdbc.sql("alter table audit_entry disable trigger audit_entry_append_only").update();
			jdbc.sql("grant update, delete on audit_entry to current_user").update();
			if (checkpointsToo) {
				jdbc.sql("alter table audit_checkpoint disable trigger audit_checkpoint_append_only").update();
				jdbc.sql("grant delete on audit_checkpoint to current_user").update();
			}
		}
		else {
			jdbc.sql("drop trigger audit_entry_append_only").update();
			if (checkpointsToo) {
				jdbc.sql("drop trigger audit_checkpoint_append_only").update();
			}
		}
		try {
			change.run();
		}
		finally {
			if (postgres) {
				// as the migrations leave it: DELETE on entries stays granted, for archived entries
				jdbc.sql("revoke update on audit_entry from current_user").update();
				jdbc.sql("alter table audit_entry enable trigger audit_entry_append_only").update();
				if (checkpointsToo) {
					jdbc.sql("revoke delete on audit_checkpoint from current_user").update();
					jdbc.sql("alter table audit_checkpoint enable trigger audit_checkpoint_append_only").update();
				}
			}
			else {
				jdbc.sql("create trigger audit_entry_append_only before update, delete on audit_entry for each row call "
						+ TRIGGER_CLASS).update();
				if (checkpointsToo) {
					jdbc.sql("create trigger audit_checkpoint_append_only before update, delete on audit_checkpoint "
							+ "for each row call " + TRIGGER_CLASS).update();
				}
			}
		}
	}

}
