package ai.tombot.redaction;

import java.util.ArrayList;
import java.util.List;

import ai.tombot.redaction.internal.CardNumbers;

/**
 * Card numbers typed across consecutive messages, such as {@code "4111 1111"} then
 * {@code "1111 1111"}: the digits at the end of an earlier message, the whole of any messages
 * between (which must be nothing but digits), and the digits at the start of the latest
 * message together form a card number that no single message holds. Digits are grouped as
 * {@link Detectors} groups them: one separator the card detector takes (a space, no-break or
 * thin space, a dash or a minus sign) between groups.
 */
public final class SplitCards {

	private static final int MIN = 12;

	private static final int MAX = 19;

	private SplitCards() {
	}

	/** Where a part of a split card is: message index (oldest first) and its range in that message's text. */
	public record Fragment(int message, int start, int end) {
	}

	/**
	 * The fragments of a card number that ends in the latest of {@code texts}; empty when none.
	 * The nearest earlier message is tried first; a card within one message is not reported
	 * here (the detectors find it). The latest message's card part may start at any of its first
	 * {@link #LEADS} digit runs ({@code "part 2: 1111 1111"}).
	 *
	 * @param texts consecutive messages of one conversation, oldest first, the latest last;
	 * replacements in them ({@code [CARD •••• 4242]}, tokens) are not read as digits
	 */
	public static List<Fragment> find(List<String> stored) {
		// the digits of earlier replacements ([CARD •••• 4242], tokens) are no one's typing, and
		// the digits of a whole card in one message are the detectors' (a part of them taken
		// here would leave the rest of that card in clear)
		List<String> texts = stored.stream().map(SplitCards::withoutReplacements).map(SplitCards::withoutCards).toList();
		int last = texts.size() - 1;
		if (last < 1) {
			return List.of();
		}
		String latest = texts.get(last);
		int from = 0;
		for (int lead = 0; lead < LEADS; lead++) {
			Run run = Run.first(latest, from);
			if (run == null) {
				return List.of();
			}
			List<Fragment> found = find(texts, run, last);
			if (!found.isEmpty()) {
				return found;
			}
			from = run.end;
		}
		return List.of();
	}

	/**
	 * Whether a card's last part can be in {@code latest}: false when it holds no digit outside
	 * replacements and whole card numbers, and then {@link #find} finds nothing with it as the
	 * latest message, whatever the earlier messages are. Ingest asks this before reading them.
	 */
	public static boolean canEnd(String latest) {
		return Run.first(latest, 0) != null && Run.first(withoutCards(withoutReplacements(latest)), 0) != null;
	}

	/** How many of the latest message's digit runs are tried as the start of a card's last part. */
	static final int LEADS = 3;

	private static List<Fragment> find(List<String> texts, Run lead, int last) {
		List<Run> middle = new ArrayList<>();
		for (int first = last - 1; first >= 0; first--) {
			Run tail = Run.last(texts.get(first));
			if (tail == null) {
				return List.of();
			}
			int middleDigits = middle.stream().mapToInt(run -> run.digits.length).sum();
			List<Fragment> found = combine(first, tail, middle, middleDigits, lead, last);
			if (!found.isEmpty()) {
				return found;
			}
			// going further back only works through a message that is all digits
			if (!tail.whole(texts.get(first)) || middleDigits + tail.digits.length >= MAX) {
				return List.of();
			}
			middle.add(0, tail);
		}
		return List.of();
	}

	/** The text with the card numbers the detectors find in it blanked, at the same positions. */
	static String withoutCards(String text) {
		List<ai.tombot.redaction.Finding> cards = CardNumbers.find(text);
		if (cards.isEmpty()) {
			return text;
		}
		StringBuilder out = new StringBuilder(text);
		for (ai.tombot.redaction.Finding card : cards) {
			for (int i = card.start(); i < card.end(); i++) {
				out.setCharAt(i, '_');
			}
		}
		return out.toString();
	}

	/** The text with the inside of each replacement ({@code [CARD …]}, {@code [EMAIL:tk_…]}…) blanked, at the same positions. */
	static String withoutReplacements(String text) {
		int open = text.indexOf('[');
		if (open < 0) {
			return text;
		}
		StringBuilder out = new StringBuilder(text);
		int close = -1;
		int blankedTo = 0;
		while (open >= 0) {
			if (close < open) { // each ']' is looked for once: linear
				close = text.indexOf(']', open);
			}
			if (close < 0) {
				break;
			}
			if (isReplacement(text, open + 1)) {
				// from where the last blanking ended: nested openings share one ']', each char is blanked once
				for (int i = Math.max(open + 1, blankedTo); i < close; i++) {
					out.setCharAt(i, '_');
				}
				blankedTo = Math.max(blankedTo, close);
			}
			open = text.indexOf('[', open + 1);
		}
		return out.toString();
	}

	private static boolean isReplacement(String text, int at) {
		for (FindingType type : FindingType.values()) {
			String label = Redactions.label(type);
			if (text.startsWith(label, at) && at + label.length() < text.length()
					&& " :]".indexOf(text.charAt(at + label.length())) >= 0) {
				return true;
			}
		}
		return false;
	}

	/** Tries every end of the earliest message's run with every start of the latest's. */
	private static List<Fragment> combine(int first, Run tail, List<Run> middle, int middleDigits, Run lead, int last) {
		for (int fromTail = Math.min(tail.digits.length, MAX); fromTail >= 1; fromTail--) {
			for (int fromLead = Math.min(lead.digits.length, MAX); fromLead >= 1; fromLead--) {
				int length = fromTail + middleDigits + fromLead;
				if (length < MIN || length > MAX) {
					continue;
				}
				int[] digits = new int[length];
				int at = 0;
				System.arraycopy(tail.digits, tail.digits.length - fromTail, digits, at, fromTail);
				at += fromTail;
				for (Run run : middle) {
					System.arraycopy(run.digits, 0, digits, at, run.digits.length);
					at += run.digits.length;
				}
				System.arraycopy(lead.digits, 0, digits, at, fromLead);
				if (CardNumbers.isCard(digits)) {
					List<Fragment> fragments = new ArrayList<>();
					fragments.add(new Fragment(first, tail.positions[tail.digits.length - fromTail], tail.end));
					for (int i = 0; i < middle.size(); i++) {
						Run run = middle.get(i);
						fragments.add(new Fragment(first + 1 + i, run.positions[0], run.end));
					}
					fragments.add(new Fragment(last, lead.positions[0], lead.positions[fromLead - 1] + 1));
					return fragments;
				}
			}
		}
		return List.of();
	}

	/** A run of digit groups: the digits' values and where each digit is; end is after the run's last digit. */
	private record Run(int[] digits, int[] positions, int end) {

		/** The first run in the text from {@code from} on, or null. */
		static Run first(String text, int from) {
			for (int i = from; i < text.length(); i++) {
				if (Character.digit(text.charAt(i), 10) >= 0) {
					return from(text, i);
				}
			}
			return null;
		}

		/** The last run in the text, or null. */
		static Run last(String text) {
			int end = text.length();
			while (end > 0 && Character.digit(text.charAt(end - 1), 10) < 0) {
				end--;
			}
			if (end == 0) {
				return null;
			}
			int start = end - 1;
			while (start > 0 && (Character.digit(text.charAt(start - 1), 10) >= 0
					|| (start > 1 && isSeparator(text.charAt(start - 1)) && Character.digit(text.charAt(start - 2), 10) >= 0))) {
				start--;
			}
			return from(text, start);
		}

		/** The run starting at a digit: at most MAX digits are kept, from its end for a long run. */
		private static Run from(String text, int start) {
			List<Integer> positions = new ArrayList<>();
			int i = start;
			while (i < text.length()) {
				if (Character.digit(text.charAt(i), 10) >= 0) {
					positions.add(i++);
				}
				else if (isSeparator(text.charAt(i)) && i + 1 < text.length()
						&& Character.digit(text.charAt(i + 1), 10) >= 0) {
					i++;
				}
				else {
					break;
				}
			}
			int end = positions.get(positions.size() - 1) + 1;
			int[] at = positions.stream().mapToInt(Integer::intValue).toArray();
			int[] digits = new int[at.length];
			for (int k = 0; k < at.length; k++) {
				digits[k] = Character.digit(text.charAt(at[k]), 10);
			}
			return new Run(digits, at, end);
		}

		/** Whether the run is all the text holds, but for surrounding white space. */
		boolean whole(String text) {
			return text.substring(0, this.positions[0]).isBlank() && text.substring(this.end).isBlank();
		}

		/** The separators the card detector takes between groups: a split card is the same card. */
		private static boolean isSeparator(char c) {
			return CardNumbers.isSeparator(c);
		}

	}

}
