package ai.tombot.redaction;

/**
 * Sensitive data found in a text: its type and where it is, as Java {@code String} indices
 * ({@code end} exclusive). It holds no part of the value itself.
 */
public record Finding(FindingType type, int start, int end) {

	public Finding {
		if (type == null || start < 0 || end <= start) {
			throw new IllegalArgumentException("a finding has a type and a non-empty range, not " + type + " [" + start
					+ ", " + end + ")");
		}
	}

}
